"""A journey's outcome, computed from its events and tickets, exactly as DESIGN.md
defines it ("The deflection module").

- ended: no event for DEFLECTION_IDLE_MINUTES (a gap of exactly that long ends it);
- ticket: a ticket was submitted on the journey, or the helpdesk reported one for it
  created within DEFLECTION_TICKET_WINDOW_HOURS of its last search;
- deflected: ended, at least one search, no ticket;
- engaged / confirmed: deflected and opened a result, a thread or a knowledge
  article / said "yes" (on a thread or an article);
- failed: opened a search result and still got a ticket;
- question deflected: opened an ask-page suggestion and never posted the question.

Outcomes are final once the ticket window after the last search has passed as well.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any

from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import EventKind, EventSource, TicketSource

# Opening a knowledge article counts exactly as opening a thread.
OPENED = {EventKind.RESULT_CLICK, EventKind.THREAD_VIEW, EventKind.ARTICLE_VIEW}
# The details lists of the articles a journey clicked and answered about.
ARTICLE_DETAILS = {
    EventKind.RESULT_CLICK: "articles_clicked",
    EventKind.HELPFUL_YES: "articles_helpful",
    EventKind.HELPFUL_NO: "articles_unhelpful",
}


def summarise_journey(
    events: list[dict[str, Any]], tickets: list[dict[str, Any]], *, now: datetime
) -> dict[str, Any]:
    """The Journey fields for these events (dicts, ordered by time) and tickets."""
    first, last = events[0], events[-1]
    searches = [e for e in events if e["kind"] == EventKind.SEARCH]
    kinds = {e["kind"] for e in events}
    last_search_at = searches[-1]["created_at"] if searches else None
    anchor = last_search_at or last["created_at"]
    is_ended = now - last["created_at"] >= conf.idle_timeout()
    ticket_at = _ticket_time(events, tickets, anchor=anchor)
    ticket = ticket_at is not None
    searched = bool(searches)
    deflected = is_ended and searched and not ticket
    clicked = EventKind.RESULT_CLICK in kinds
    engaged = bool(kinds & OPENED)
    asked_clicks = [
        e["thread_id"]
        for e in events
        if e["kind"] == EventKind.RESULT_CLICK
        and e["source"] == EventSource.ASK_SUGGESTIONS
        and e["thread_id"]
    ]
    question_deflected = (
        is_ended and bool(asked_clicks) and EventKind.QUESTION_POSTED not in kinds
    )
    started_at = first["created_at"]
    user_id = next((e["user_id"] for e in events if e["user_id"]), None)
    session_hash = first["session_hash"]
    return {
        "session_hash": session_hash,
        "user_id": user_id,
        "visitor": f"user:{user_id}" if user_id else f"session:{session_hash}",
        "board_id": next((e["board_id"] for e in searches if e["board_id"]), None),
        "started_at": started_at,
        "day": timezone.localdate(started_at),
        "last_event_at": last["created_at"],
        "last_search_at": last_search_at,
        "is_ended": is_ended,
        "ended_at": last["created_at"] + conf.idle_timeout() if is_ended else None,
        "is_final": is_ended and (ticket or now >= anchor + conf.ticket_window()),
        "needs_rebuild": False,
        "search_count": len(searches),
        "zero_result_searches": sum(1 for e in searches if not e["result_count"]),
        "click_count": sum(1 for e in events if e["kind"] == EventKind.RESULT_CLICK),
        "searched": searched,
        "clicked": clicked,
        "engaged": engaged,
        "confirmed_helpful": EventKind.HELPFUL_YES in kinds,
        "ticket": ticket,
        "deflected": deflected,
        "failed": is_ended and ticket and clicked,
        "question_deflected": question_deflected,
        "details": _details(events, asked_clicks) | _article_details(events),
    }


def _ticket_time(events, tickets, *, anchor: datetime) -> datetime | None:
    """When the journey's counting ticket was opened, or None."""
    times = [e["created_at"] for e in events if e["kind"] == EventKind.TICKET_SUBMITTED]
    window_end = anchor + conf.ticket_window()
    for ticket in tickets:
        if ticket["source"] == TicketSource.FORM:
            # Counts even if logging its ticket_submitted event failed.
            times.append(ticket["created_at"])
        elif ticket["created_at"] <= window_end:
            times.append(ticket["created_at"])
    return min(times) if times else None


def _article_details(events) -> dict[str, list]:
    """Per-article facts for the daily per-article stats: the articles the journey
    opened, clicked in results, and said helped or did not, each listed once."""
    lists: dict[str, list[int]] = {"articles_opened": []}
    lists |= {name: [] for name in ARTICLE_DETAILS.values()}
    for event in events:
        article_id = event.get("article_id")
        if not article_id:
            continue
        names = [ARTICLE_DETAILS.get(event["kind"])]
        names += ["articles_opened"] if event["kind"] in OPENED else []
        for name in filter(None, names):
            if article_id not in lists[name]:
                lists[name].append(article_id)
    return lists


def _details(events, asked_clicks: list[int]) -> dict[str, list]:
    """Per-query and per-thread facts for the daily per-query and per-thread stats.

    A click belongs to the query of the search before it (in the same journey).
    """
    queries: OrderedDict[str, dict[str, Any]] = OrderedDict()
    current = None
    opened, clicked, helpful = [], [], []
    for event in events:
        kind, thread_id = event["kind"], event["thread_id"]
        if kind == EventKind.SEARCH:
            current = queries.setdefault(
                event["normalised_query"],
                {"q": event["normalised_query"], "searches": 0, "zero": 0},
            )
            current["searches"] += 1
            current["zero"] += 0 if event["result_count"] else 1
            current["results"] = current.get("results") or bool(event["result_count"])
        elif kind == EventKind.RESULT_CLICK and current is not None:
            current["clicked"] = True
        if kind in OPENED and thread_id and thread_id not in opened:
            opened.append(thread_id)
        if kind == EventKind.RESULT_CLICK and thread_id and thread_id not in clicked:
            clicked.append(thread_id)
        if kind == EventKind.HELPFUL_YES and thread_id and thread_id not in helpful:
            helpful.append(thread_id)
    return {
        "queries": list(queries.values()),
        "opened": opened,
        "clicked": clicked,
        "helpful": helpful,
        "asked": sorted(set(asked_clicks)),
    }
