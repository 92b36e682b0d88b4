"""Searching threads: parse once, let the database's engine rank, load the threads."""

from __future__ import annotations

from forum.models import Board, Thread
from forum.search.backends import get_backend
from forum.search.backends.base import (
    CANDIDATE_LIMIT,
    Filters,
    SearchTimeout,
    highlight_html,
)
from forum.search.query import parse_query
from forum.search.results import SearchHit, SearchResults
from forum.tags import normalise_tag

MAX_PER_PAGE = 50
# Deeper pages than this hold nothing: only CANDIDATE_LIMIT matches are ranked.
MAX_PAGE = CANDIDATE_LIMIT
TAG_MAX_LENGTH = 100
SIMILAR_MAX = 20


def search_threads(
    query: str,
    *,
    board: Board | int | None = None,
    solved_only: bool = False,
    tag: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Public threads matching the query, best first, one page of them; an empty or
    unsearchable query gives empty results without running a search. Never raises
    on odd input; raises SearchTimeout when the engine takes longer than
    SEARCH_TIMEOUT_MS."""
    parsed = parse_query(query)
    page = min(max(_as_int(page, 1), 1), MAX_PAGE)
    per_page = min(max(_as_int(per_page, 20), 1), MAX_PER_PAGE)
    results = SearchResults(query=parsed.text, page=page, per_page=per_page)
    if not parsed.is_runnable:
        return results
    filters = Filters(
        board_id=board.pk if isinstance(board, Board) else _as_int(board, None),
        solved_only=bool(solved_only),
        tag=_clean_tag(tag),
    )
    found = get_backend().search(
        parsed, filters, limit=per_page, offset=(page - 1) * per_page
    )
    threads = _public_threads([row.thread_id for row in found.rows])
    results.hits = [
        SearchHit(
            thread=threads[row.thread_id],
            snippet=highlight_html(row.snippet),
            rank=row.rank,
            title_html=highlight_html(row.title or threads[row.thread_id].title),
        )
        for row in found.rows
        if row.thread_id in threads
    ]
    results.total = found.total
    results.has_next = page * per_page < found.total
    results.total_is_capped = found.total >= CANDIDATE_LIMIT
    return results


def similar_solved_threads(text: str, *, limit: int = 5) -> list[Thread]:
    """Solved public threads sharing any significant word with the text (a draft
    title), best first; [] when the text has none."""
    parsed = parse_query(text)
    if not parsed.is_runnable:
        return []
    try:
        found = get_backend().search(
            parsed,
            Filters(solved_only=True),
            match_any=True,
            limit=min(max(_as_int(limit, 5), 1), SIMILAR_MAX),
            highlight=False,
        )
    except SearchTimeout:
        # Suggestions are a help, not the task: none rather than a slow page.
        return []
    threads = _public_threads([row.thread_id for row in found.rows])
    return [threads[row.thread_id] for row in found.rows if row.thread_id in threads]


def _public_threads(ids: list[int]) -> dict[int, Thread]:
    """The threads by id, with their board; a thread hidden since it was last
    indexed is left out, so a stale document never shows it."""
    if not ids:
        return {}
    threads = Thread.objects.select_related("board").in_bulk(ids)
    return {pk: thread for pk, thread in threads.items() if not thread.is_hidden}


def _clean_tag(tag: object) -> str | None:
    # In the form tags are stored in, so a name typed in another case or Unicode
    # normal form still matches.
    return normalise_tag(str(tag or ""))[:TAG_MAX_LENGTH] or None


def _as_int(value: object, default: int | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return default
