"""Turning text into search terms: one analyser for documents and queries, on both
engines.

Both databases index what this module produces (PostgreSQL as a ``simple``
tsvector, SQLite's FTS5 with its plain ``unicode61`` tokenizer), so the two engines
see the same terms and rank alike. The steps:

1. Unicode compatibility forms and accents are folded (``café`` → ``cafe``, ``ｅＳＩＭ``
   → ``esim``), then case.
2. A word is a run of letters and digits in any script. Apostrophes inside a word
   join it (``can't`` → ``cant``) and a possessive ``'s`` goes (``nbn's`` → ``nbn``).
3. Hyphenated compounds are spelled every way customers spell them: a document's
   ``wi-fi`` is indexed as ``wi``, ``fi`` and ``wifi``, so ``wifi``, ``wi fi`` and
   ``wi-fi`` all find it; in a query the compound is read as the joined word only.
4. Stop words go (PostgreSQL's English list); the rest are stemmed with the Snowball
   English stemmer, the algorithm of PostgreSQL's ``english`` configuration.
5. Chinese and Arabic are normalised by ``scripts``: a run of ideographs is a word
   of its own, indexed as its character bigrams; Arabic words lose their optional
   marks and fold their interchangeable letters (and are not stemmed as English).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

from forum.search import scripts

# PostgreSQL's English stop words (tsearch_data/english.stop).
_STOP_WORDS_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# A word: a run of CJK ideographs, or letters and digits of other scripts (their
# combining marks inside), with apostrophes and hyphens inside it.
_LETTERS = (
    f"[^\\W_{scripts.CJK_IDEOGRAPHS}]"
    f"(?:[^\\W_{scripts.CJK_IDEOGRAPHS}]|[{scripts.COMBINING_MARKS}])*"
)
_WORD = re.compile(
    f"[{scripts.CJK_IDEOGRAPHS}]+"
    f"|{_LETTERS}(?:['’]{_LETTERS})*(?:-{_LETTERS}(?:['’]{_LETTERS})*)*"
)
_APOSTROPHE = re.compile(r"['’]")
# A term longer than this is noise (a pasted hash, a URL fragment): never indexed.
MAX_TERM_LENGTH = 60

_stemmer = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Compatibility forms, accents and case folded away (and Arabic's optional
    marks and letter variants: ``scripts``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return scripts.fold_arabic(folded.casefold())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a folded word; Chinese bigrams and Arabic
    words as they are."""
    if scripts.is_cjk(word) or scripts.is_arabic(word):
        return word
    return _stemmer.stemWord(word)


def _join_apostrophes(piece: str) -> str:
    parts = _APOSTROPHE.split(piece)
    if len(parts) > 1 and parts[-1] == "s":
        parts.pop()
    return "".join(parts)


@lru_cache(maxsize=200_000)
def _spellings(raw: str, query: bool) -> tuple[str, ...]:
    """The folded words one match of the word pattern stands for, compounds
    spelt as described above, ideographs as bigrams (cached: words repeat)."""
    if scripts.is_cjk(raw):
        return tuple(scripts.bigrams(fold(raw)))
    parts = [part for part in map(_join_apostrophes, fold(raw).split("-")) if part]
    if len(parts) > 1:
        joined = "".join(parts)
        return (joined,) if query else (*parts, joined)
    return tuple(parts)


@lru_cache(maxsize=200_000)
def _word_terms(raw: str, query: bool) -> tuple[str, ...]:
    return tuple(
        stem(word)
        for word in _spellings(raw, query)
        if word not in STOP_WORDS and len(word) <= MAX_TERM_LENGTH
    )


def words(text: str, *, query: bool = False) -> Iterator[str]:
    """The folded words of the text, compounds spelled as described above, stop
    words included."""
    for match in _WORD.finditer(text or ""):
        yield from _spellings(match.group(), query)


def terms(text: str, *, query: bool = False) -> list[str]:
    """The text's search terms, in order: stemmed words without stop words."""
    return [
        term
        for match in _WORD.finditer(text or "")
        for term in _word_terms(match.group(), query)
    ]


def surface_terms(text: str) -> list[tuple[str, str]]:
    """(word as folded, term) for each query word that is not a stop word: the
    words a "Did you mean" suggestion rewrites."""
    return [
        (word, stem(word))
        for word in words(text, query=True)
        if word not in STOP_WORDS and len(word) <= MAX_TERM_LENGTH
    ]


def analysed(text: str) -> str:
    """The text as the engines index it: its terms joined by spaces."""
    return " ".join(terms(text))


def query_key(text: str) -> str:
    """The key that groups a query with its variants (word order, case, accents,
    plurals and stop words aside): its distinct terms, sorted. Promotions and the
    learned ranking signal are stored under it."""
    return " ".join(sorted(set(terms(text, query=True))))[:200]


def token_spans(text: str) -> Iterator[tuple[int, int, frozenset[str]]]:
    """(start, end, terms) for each word of the original text, for highlighting: a
    compound's terms are its parts' and the joined word's."""
    for match in _WORD.finditer(text or ""):
        if scripts.is_cjk(match.group()):
            yield from _ideograph_spans(match.start(), match.group())
            continue
        found = _span_terms(match.group())
        if found:
            yield match.start(), match.end(), found


def _ideograph_spans(start: int, run: str) -> Iterator[tuple[int, int, frozenset[str]]]:
    """One span per ideograph, holding the bigrams it is part of: a highlight then
    marks the characters themselves, never bigrams."""
    folded = fold(run)
    if len(folded) != len(run):
        # A compatibility character that unfolds into several: mark the run whole.
        yield start, start + len(run), frozenset(scripts.bigrams(folded))
        return
    for offset, found in enumerate(scripts.ideograph_terms(folded)):
        yield start + offset, start + offset + 1, found


@lru_cache(maxsize=200_000)
def _span_terms(raw: str) -> frozenset[str]:
    return frozenset(_word_terms(raw, False))
