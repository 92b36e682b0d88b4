"""Words in scripts that English rules do not fit: Chinese and Arabic.

Neither engine's tokenizer segments Chinese (there are no spaces, so a whole
sentence would be one token) and neither folds Arabic's optional marks and letter
variants. Both engines index what ``forum.search.analysis`` produces, so the text
is normalised here, in Python, once for documents and queries alike:

- A run of CJK ideographs becomes its overlapping character bigrams (``无法激活`` →
  ``无法``, ``法激``, ``激活``); a lone ideograph stays itself. A query's bigrams are
  a document's bigrams wherever the query's words appear in it, whatever
  surrounds them, without a dictionary that would have to know every product name.
- Arabic drops its short-vowel marks (tashkeel) and the tatweel, and folds the
  letters people type interchangeably: alef forms (أ إ آ ٱ → ا), alef maqsura
  (ى → ي) and ta marbuta (ة → ه).
- Latin-script text is left as it is: English keeps its own analysis.
"""

from __future__ import annotations

import re

# CJK ideographs: the unified block, extension A, the compatibility block and the
# supplementary extensions (B and later).
CJK_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Arabic's optional marks: Quranic annotation signs, harakat, tanween, shadda, sukun,
# the superscript alef and the small high signs. None of them is a letter (Python's
# \w stops at them), so a word pattern has to allow them inside a word.
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
# Other combining marks (a decomposed accent) stay inside their word too.
COMBINING_MARKS = "\u0300-\u036f" + ARABIC_MARKS
TATWEEL = "\u0640"

_CJK_RUN = re.compile(f"[{CJK_IDEOGRAPHS}]+")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
_ARABIC_DROPPED = re.compile(f"[{ARABIC_MARKS}{TATWEEL}]")
_ARABIC_FOLDS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0649": "\u064a",  # ى → ي
        "\u0629": "\u0647",  # ة → ه
    }
)


def is_cjk(text: str) -> bool:
    """Whether the text is a run of CJK ideographs (and nothing else)."""
    return bool(text) and _CJK_RUN.fullmatch(text) is not None


def is_arabic(word: str) -> bool:
    """Whether the word is written in Arabic letters."""
    return _ARABIC_LETTER.search(word) is not None


def is_latin(word: str) -> bool:
    """Whether every letter of the word is in the Latin script (the only words
    whose typos can be told from other words by spelling alone)."""
    return all(
        not char.isalpha() or char.isascii() or "\u00c0" <= char <= "\u024f"
        for char in word
    )


def bigrams(run: str) -> list[str]:
    """A run of ideographs as its overlapping character bigrams; a single
    ideograph as itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[index : index + 2] for index in range(len(run) - 1)]


def fold_arabic(word: str) -> str:
    """The word without Arabic marks and tatweel, with its interchangeable letters
    folded; any other word unchanged."""
    if not is_arabic(word):
        return word
    return _ARABIC_DROPPED.sub("", word).translate(_ARABIC_FOLDS)


def ideograph_terms(run: str) -> list[frozenset[str]]:
    """For each ideograph of a run, the bigrams it belongs to: what a highlighted
    character has matched."""
    pairs = bigrams(run)
    if len(run) < 2:
        return [frozenset(pairs)]
    return [
        frozenset(pairs[max(index - 1, 0) : index + 1]) for index in range(len(run))
    ]
