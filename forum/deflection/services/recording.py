"""Recording journey events on the request path.

Rules that keep logging from ever hurting a search: at most one event per request,
written off the request path with the process's next batch (``event_writer``; the
journey row itself is materialised later by the aggregation job), a failure is
logged and swallowed, bots are ignored, and a keystroke burst logs one search. What
the request path needs to remember (journey id, last event, last query) lives in a
signed cookie (``journey_store``): deciding costs no query and nothing else is written.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from forum.deflection import conf
from forum.deflection.models import EventKind, EventSource, JourneyEvent
from forum.deflection.models.journeys import TOP_RESULTS_KEPT
from forum.deflection.services import event_writer, journey_store
from forum.deflection.services.privacy import (
    hash_session_key,
    is_bot,
    mask_query,
    normalise_query,
)

logger = logging.getLogger(__name__)

# Identical (or growing) queries within this many seconds are one search: typing.
BURST_SECONDS = 5
# How many opened/viewed thread ids the cookie remembers per journey.
REMEMBERED_THREADS = 30

# Events that may open a journey; the others only count inside one.
JOURNEY_OPENERS = {
    EventKind.SEARCH,
    EventKind.TICKET_STARTED,
    EventKind.TICKET_SUBMITTED,
}


def record_search(
    request, *, query: str, results: Any, source: str, board=None
) -> None:
    """Log a search on the visitor's journey (starting one if needed); never raises.

    ``results`` is a ``SearchResults`` or a list of hits or threads; ``board`` is the
    board the search was limited to, if any.
    """
    try:
        _record_search(
            request, query=query, results=results, source=source, board=board
        )
    except Exception:
        logger.exception("Could not record a deflection search event")


def record_event(
    request,
    kind: str,
    *,
    thread=None,
    article=None,
    rank: int | None = None,
    source: str = "",
) -> None:
    """Log a click, view, helpful answer or ticket step on the journey; never raises.

    A click, view or answer names a thread or a knowledge article (one of them).
    Clicks, views and helpful answers count only inside a journey (a search opened
    it); ticket steps open one, since a ticket without a search still counts.
    """
    try:
        _record_event(
            request, kind, thread=thread, article=article, rank=rank, source=source
        )
    except Exception:
        logger.exception("Could not record a deflection %s event", kind)


def record_thread_view(request, thread_id: int) -> None:
    """Log that the visitor opened this thread, once per thread per journey. Takes
    the id, as a page served from the cache has no thread object: the event's board
    is filled in when it is written."""
    record_event(request, EventKind.THREAD_VIEW, thread=_ThreadById(thread_id))


def record_article_view(request, article_id: int) -> None:
    """Log that the visitor opened this knowledge article, once per article per
    journey; like a thread view, the event's board is filled in when written."""
    record_event(request, EventKind.ARTICLE_VIEW, article=_ThreadById(article_id))


# --- internals ----------------------------------------------------------------


class _ThreadById:
    """A thread (or article) known by its id alone."""

    board_id = None

    def __init__(self, pk: int) -> None:
        self.pk = pk


def _record_search(request, *, query, results, source, board) -> None:
    if not _countable(request):
        return
    normalised = normalise_query(query)
    if not normalised:
        return
    now = timezone.now()
    state = _state_for_event(request, now, EventKind.SEARCH)
    thread_ids, article_ids, count, top = _summarise_results(results)
    fields = {
        "query": mask_query(query),
        "normalised_query": normalised,
        "result_count": count,
        "top_thread_ids": thread_ids,
        "top_article_ids": article_ids,
    }
    previous, previous_at = state.get("q"), state.get("q_at", 0)
    in_burst = now.timestamp() - previous_at < BURST_SECONDS
    state["q"], state["q_at"] = normalised, now.timestamp()
    if in_burst and previous == normalised:
        _save_state(request, state)  # the burst goes on; no event, so no "last"
        return
    state["last"] = now.timestamp()
    searched_at = parse_datetime(state.get("search_at") or "")
    if in_burst and searched_at and _is_typing(previous, normalised):
        # Still typing: the burst's one search takes the latest text and time.
        event_writer.amend_search(state["id"], searched_at, created_at=now, **fields)
        state["search_at"] = now.isoformat()
        _save_state(request, state)
        return
    board_id = getattr(board, "pk", board)
    top_name, top_item = top or (None, None)
    article_on_top = top_item.pk if top_name == "article" else None
    _add_event(
        request,
        state,
        now,
        kind=EventKind.SEARCH,
        source=source if source in EventSource.values else EventSource.API,
        board_id=board_id or (top_item.board_id if top_name == "thread" else None),
        # With no filter and an article on top, the writer takes the article's
        # board (its first), as it does for an article view.
        board_of_article=None if board_id else article_on_top,
        **fields,
    )
    state["search_at"] = now.isoformat()
    _save_state(request, state)


# Which cookie list keeps a kind's "once per journey" memory, for threads and for
# articles (their ids are counted apart, as the two tables' ids overlap).
_REMEMBERED = {
    EventKind.THREAD_VIEW: ("viewed", "a_viewed"),
    EventKind.ARTICLE_VIEW: ("viewed", "a_viewed"),
    EventKind.HELPFUL_YES: ("answered", "a_answered"),
    EventKind.HELPFUL_NO: ("answered", "a_answered"),
    EventKind.RESULT_CLICK: ("opened", "a_opened"),
}
_ONCE_PER_JOURNEY = {
    EventKind.THREAD_VIEW,
    EventKind.ARTICLE_VIEW,
    EventKind.HELPFUL_YES,
    EventKind.HELPFUL_NO,
}


def _record_event(request, kind, *, thread, article, rank, source) -> None:
    if kind not in EventKind.values or kind == EventKind.SEARCH:
        raise ValueError(f"Unknown deflection event kind {kind!r}.")
    if thread is not None and article is not None:
        raise ValueError("An event names a thread or an article, not both.")
    if kind == EventKind.ARTICLE_VIEW and article is None:
        raise ValueError("An article view names its article.")
    if not _countable(request):
        return
    now = timezone.now()
    state = _state_for_event(request, now, kind)
    if state is None:
        return
    thread_id = getattr(thread, "pk", None)
    article_id = getattr(article, "pk", None)
    names = _REMEMBERED.get(kind)
    remembered = names and (names[1] if article is not None else names[0])
    target_id = article_id if article is not None else thread_id
    if kind in _ONCE_PER_JOURNEY and target_id in state.get(remembered, []):
        return  # a reload or a second answer: once per thread per journey
    state["last"] = now.timestamp()
    if remembered:
        _remember(state, remembered, target_id)
    _add_event(
        request,
        state,
        now,
        kind=kind,
        source=source if source in EventSource.values else "",
        thread_id=thread_id,
        article_id=article_id,
        board_id=getattr(thread, "board_id", None),
        rank=rank if rank is None or 0 < rank < 1000 else None,
    )
    _save_state(request, state)


def _countable(request) -> bool:
    return request is not None and not is_bot(request.META.get("HTTP_USER_AGENT", ""))


def active_journey_state(request, now) -> dict | None:
    """The visitor's journey state while the journey is active, else None."""
    state = journey_store.load(request)
    if "id" not in state:
        return None
    # A journey ends after DEFLECTION_IDLE_MINUTES without an event: a gap of
    # exactly the timeout starts a new one.
    idle = now.timestamp() - state.get("last", 0)
    if idle >= conf.idle_timeout().total_seconds():
        return None
    return state


def _state_for_event(request, now, kind) -> dict | None:
    """A copy of the active journey's state (or a new journey's), to be saved back
    only when something was recorded: the cookie's idea of the last event must
    match the events table, which decides when the journey ended."""
    state = active_journey_state(request, now)
    state = dict(state) if state is not None else None
    if state is None and kind in JOURNEY_OPENERS:
        state = {
            "visitor": journey_store.visitor_id(request),
            "id": secrets.token_urlsafe(16),
            "last": now.timestamp(),
        }
    return state


def _add_event(request, state, now, *, board_of_article=None, **fields) -> None:
    user = getattr(request, "user", None)
    event = JourneyEvent(
        journey_id=state["id"],
        session_hash=hash_session_key(state["visitor"]),
        user_id=user.pk if user is not None and user.is_authenticated else None,
        created_at=now,
        **fields,
    )
    if board_of_article:
        event.board_of_article = board_of_article
    event_writer.add_event(event)


def _save_state(request, state: dict) -> None:
    journey_store.save(request, state)


def _remember(state: dict, name: str, pk: int | None) -> None:
    if pk is None:
        return
    remembered = [other for other in state.get(name, []) if other != pk]
    state[name] = [*remembered, pk][-REMEMBERED_THREADS:]


def _is_typing(previous: str | None, current: str) -> bool:
    return bool(previous) and (
        current.startswith(previous) or previous.startswith(current)
    )


def _summarise_results(results: Any) -> tuple[list[int], list[int], int, Any]:
    """(top thread ids, top article ids, result count, the top result) of any
    result shape: hits naming a thread or an article, or bare threads."""
    hits: Iterable = getattr(results, "hits", results) or []
    found = []
    for hit in hits:
        article = getattr(hit, "article", None)
        if getattr(article, "pk", None):
            found.append(("article", article))
            continue
        thread = getattr(hit, "thread", hit)
        if getattr(thread, "pk", None):
            found.append(("thread", thread))
    total = getattr(results, "total", None)
    count = total if isinstance(total, int) else len(found)
    top = found[:TOP_RESULTS_KEPT]
    thread_ids = [item.pk for name, item in top if name == "thread"]
    article_ids = [item.pk for name, item in top if name == "article"]
    return thread_ids, article_ids, count, found[0] if found else None
