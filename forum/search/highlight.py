"""Highlighted titles and snippets, found with the same analyser that indexed them,
so a highlighted word is exactly a word that matched (its plural, its accent-free
spelling, a corrected typo or a synonym included).

Matches are wrapped in the private-use sentinels of ``backends.base``; the text is
escaped and the sentinels become ``<mark>`` in ``highlight_html``.

Chinese is matched by bigrams but highlighted by characters: each ideograph that
belongs to a matched bigram is marked, and neighbouring marks join into one, so the
reader sees ``<mark>激活</mark>`` in the original sentence.
"""

from __future__ import annotations

from forum.search.analysis import token_spans
from forum.search.backends.base import MARK_END, MARK_START
from forum.search.scripts import is_cjk

SNIPPET_WORDS = 24
SNIPPET_FRAGMENTS = 2
ELLIPSIS = "…"
# An ideograph is about half an English word's worth of meaning: a Chinese window
# holds twice as many characters as an English one holds words.
IDEOGRAPH_WIDTH = 0.5


def _words(text: str, terms: set[str]) -> list[tuple[int, int, bool]]:
    """(start, end, matched) for each word of the text."""
    return [
        (start, end, not found.isdisjoint(terms))
        for start, end, found in token_spans(text)
    ]


def _marked(text: str, words: list[tuple[int, int, bool]], start: int, end: int) -> str:
    pieces, cursor = [], start
    for word_start, word_end, matched in words:
        if not matched or word_start < start or word_end > end:
            continue
        if pieces and word_start == cursor:
            # Touching the previous mark (ideographs): one mark for both.
            pieces[-1] = pieces[-1][:-1] + text[word_start:word_end] + MARK_END
        else:
            pieces.append(text[cursor:word_start])
            pieces.append(MARK_START + text[word_start:word_end] + MARK_END)
        cursor = word_end
    pieces.append(text[cursor:end])
    return "".join(pieces)


def mark_all(text: str, terms: set[str]) -> str:
    """The whole text with every matching word marked (titles)."""
    return _marked(text, _words(text, terms), 0, len(text))


def snippet(text: str, terms: set[str]) -> str:
    """Up to two windows of the text around its matches, marked; '' when no word
    matches."""
    words = _words(text, terms)
    if not any(matched for _, _, matched in words):
        return ""
    ends = _window_ends(text, words)
    chosen: list[int] = []
    for _ in range(SNIPPET_FRAGMENTS):
        best = _best_window(words, ends, avoid=chosen)
        if best is None:
            break
        chosen.append(best)
    fragments = []
    for first in sorted(chosen):
        last = ends[first] - 1
        start, end = words[first][0], words[last][1]
        fragment = _marked(text, words, start, end)
        # Chinese sets no space around an ellipsis.
        prefix_space = "" if is_cjk(text[start]) else " "
        suffix_space = "" if is_cjk(text[end - 1]) else " "
        prefix = ELLIPSIS + prefix_space if first > 0 and not fragments else ""
        suffix = suffix_space + ELLIPSIS if last < len(words) - 1 else ""
        fragments.append(prefix + fragment + suffix)
    return " ".join(fragments).replace(f"{ELLIPSIS} {ELLIPSIS}", ELLIPSIS)


def _window_ends(text: str, words: list[tuple[int, int, bool]]) -> list[int]:
    """For each word, the index just past the last word of the window it opens:
    SNIPPET_WORDS words, an ideograph counting IDEOGRAPH_WIDTH of one."""
    widths = [
        IDEOGRAPH_WIDTH if is_cjk(text[start:end]) else 1.0 for start, end, _ in words
    ]
    ends, end, filled = [], 0, 0.0
    for first in range(len(words)):
        if end < first:
            end, filled = first, 0.0
        while end < len(words) and filled + widths[end] <= SNIPPET_WORDS:
            filled += widths[end]
            end += 1
        ends.append(end)
        if end > first:
            filled -= widths[first]
    return ends


def _best_window(
    words: list[tuple[int, int, bool]], ends: list[int], *, avoid: list[int]
) -> int | None:
    """The first word of the window holding the most matches, not overlapping the
    windows already chosen; None when no other window holds one. Windows start no
    later than the first one reaching the end of the text."""
    running = [0]
    for _, _, matched in words:
        running.append(running[-1] + matched)
    best, best_count = None, 0
    for first in range(len(words)):
        count = running[ends[first]] - running[first]
        if count > best_count and all(
            first >= ends[other] or other >= ends[first] for other in avoid
        ):
            best, best_count = first, count
        if ends[first] == len(words):
            break
    return best


def opening(text: str) -> str:
    """The start of the text, for a result that matched by meaning alone."""
    spans = [(start, end, False) for start, end, _ in token_spans(text)]
    if not spans:
        return text
    end = _window_ends(text, spans)[0]
    if end >= len(spans):
        return text
    return text[: spans[end - 1][1]] + " " + ELLIPSIS
