"""The visitor's current journey, read from the session (no query)."""

from __future__ import annotations

from django.utils import timezone

from forum.deflection.services.recording import active_journey_state


def current_journey_id(request) -> str | None:
    """The visitor's active journey id, or None (no journey, or it went idle)."""
    state = active_journey_state(request, timezone.now())
    return state["id"] if state else None


def came_from_search(request, thread) -> bool:
    """Whether the visitor's active journey opened this thread from search results
    (the thread page shows "Did this answer your question?" only then)."""
    state = active_journey_state(request, timezone.now())
    return bool(state) and thread.pk in state.get("opened", [])


def helpful_prompt(request, thread_id: int) -> str:
    """ "ask" when the thread page should ask whether it helped, "thanks" once the
    visitor answered on this journey, "" when it should say nothing."""
    state = active_journey_state(request, timezone.now())
    if not state:
        return ""
    if thread_id in state.get("answered", []):
        return "thanks"
    return "ask" if thread_id in state.get("opened", []) else ""
