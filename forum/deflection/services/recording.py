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
    request, kind: str, *, thread=None, rank: int | None = None, source: str = ""
) -> None:
    """Log a click, view, helpful answer or ticket step on the journey; never raises.

    Clicks, views and helpful answers count only inside a journey (a search opened
    it); ticket steps open one, since a ticket without a search still counts.
    """
    try:
        _record_event(request, kind, thread=thread, rank=rank, source=source)
    except Exception:
        logger.exception("Could not record a deflection %s event", kind)


def record_thread_view(request, thread_id: int) -> None:
    """Log that the visitor opened this thread, once per thread per journey. Takes
    the id, as a page served from the cache has no thread object: the event's board
    is filled in when it is written."""
    record_event(request, EventKind.THREAD_VIEW, thread=_ThreadById(thread_id))


# --- internals ----------------------------------------------------------------


class _ThreadById:
    """A thread known by its id alone."""

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
    thread_ids, count, top_board_id = _summarise_results(results)
    fields = {
        "query": mask_query(query),
        "normalised_query": normalised,
        "result_count": count,
        "top_thread_ids": thread_ids,
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
    _add_event(
        request,
        state,
        now,
        kind=EventKind.SEARCH,
        source=source if source in EventSource.values else EventSource.API,
        board_id=getattr(board, "pk", board) or top_board_id,
        **fields,
    )
    state["search_at"] = now.isoformat()
    _save_state(request, state)


def _record_event(request, kind, *, thread, rank, source) -> None:
    if kind not in EventKind.values or kind == EventKind.SEARCH:
        raise ValueError(f"Unknown deflection event kind {kind!r}.")
    if not _countable(request):
        return
    now = timezone.now()
    state = _state_for_event(request, now, kind)
    if state is None:
        return
    thread_id = getattr(thread, "pk", None)
    remembered = {
        EventKind.THREAD_VIEW: "viewed",
        EventKind.HELPFUL_YES: "answered",
        EventKind.HELPFUL_NO: "answered",
    }.get(kind)
    if remembered and thread_id in state.get(remembered, []):
        return  # a reload or a second answer: once per thread per journey
    state["last"] = now.timestamp()
    if remembered:
        _remember(state, remembered, thread_id)
    if kind == EventKind.RESULT_CLICK:
        _remember(state, "opened", thread_id)
    _add_event(
        request,
        state,
        now,
        kind=kind,
        source=source if source in EventSource.values else "",
        thread_id=thread_id,
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


def _add_event(request, state, now, **fields) -> None:
    user = getattr(request, "user", None)
    event_writer.add_event(
        JourneyEvent(
            journey_id=state["id"],
            session_hash=hash_session_key(state["visitor"]),
            user_id=user.pk if user is not None and user.is_authenticated else None,
            created_at=now,
            **fields,
        )
    )


def _save_state(request, state: dict) -> None:
    journey_store.save(request, state)


def _remember(state: dict, name: str, thread_id: int | None) -> None:
    if thread_id is None:
        return
    remembered = [pk for pk in state.get(name, []) if pk != thread_id]
    state[name] = [*remembered, thread_id][-REMEMBERED_THREADS:]


def _is_typing(previous: str | None, current: str) -> bool:
    return bool(previous) and (
        current.startswith(previous) or previous.startswith(current)
    )


def _summarise_results(results: Any) -> tuple[list[int], int, int | None]:
    """(top thread ids, result count, board of the top result) of any result shape."""
    hits: Iterable = getattr(results, "hits", results) or []
    threads = [getattr(hit, "thread", hit) for hit in hits]
    threads = [thread for thread in threads if getattr(thread, "pk", None)]
    total = getattr(results, "total", None)
    count = total if isinstance(total, int) else len(threads)
    top_board = getattr(threads[0], "board_id", None) if threads else None
    return [thread.pk for thread in threads[:TOP_RESULTS_KEPT]], count, top_board
