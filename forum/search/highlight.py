"""Highlighted titles and snippets, found with the same analyser that indexed them,
so a highlighted word is exactly a word that matched (its plural, its accent-free
spelling, a corrected typo or a synonym included).

Matches are wrapped in the private-use sentinels of ``backends.base``; the text is
escaped and the sentinels become ``<mark>`` in ``highlight_html``.
"""

from __future__ import annotations

from forum.search.analysis import token_spans
from forum.search.backends.base import MARK_END, MARK_START

SNIPPET_WORDS = 24
SNIPPET_FRAGMENTS = 2
ELLIPSIS = "…"


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
    chosen: list[int] = []
    for _ in range(SNIPPET_FRAGMENTS):
        best = _best_window(words, avoid=chosen)
        if best is None:
            break
        chosen.append(best)
    fragments = []
    for first in sorted(chosen):
        last = min(first + SNIPPET_WORDS, len(words)) - 1
        start, end = words[first][0], words[last][1]
        fragment = _marked(text, words, start, end)
        prefix = ELLIPSIS + " " if first > 0 and not fragments else ""
        suffix = " " + ELLIPSIS if last < len(words) - 1 else ""
        fragments.append(prefix + fragment + suffix)
    return " ".join(fragments).replace(f"{ELLIPSIS} {ELLIPSIS}", ELLIPSIS)


def _best_window(words: list[tuple[int, int, bool]], *, avoid: list[int]) -> int | None:
    """The first word of the window holding the most matches, not overlapping the
    windows already chosen; None when no other window holds one."""
    running = [0]
    for _, _, matched in words:
        running.append(running[-1] + matched)
    best, best_count = None, 0
    for first in range(0, max(len(words) - SNIPPET_WORDS, 0) + 1):
        count = running[min(first + SNIPPET_WORDS, len(words))] - running[first]
        if count > best_count and all(
            abs(first - other) >= SNIPPET_WORDS for other in avoid
        ):
            best, best_count = first, count
    return best


def opening(text: str) -> str:
    """The start of the text, for a result that matched by meaning alone."""
    spans = list(token_spans(text))
    if len(spans) <= SNIPPET_WORDS:
        return text
    return text[: spans[SNIPPET_WORDS - 1][1]] + " " + ELLIPSIS
