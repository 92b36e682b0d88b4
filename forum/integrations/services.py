"""Emitting integration events: one outbox delivery per subscribed endpoint, written
in the caller's transaction so an event is never lost and never slows the action
(the HTTP call happens later, in a background job)."""

from django.conf import settings

from forum.deflection.services.outbox import queue_delivery
from forum.integrations.models import WebhookEndpoint, WebhookEvent
from forum.models import Post, Thread


def emit(event: str, payload: dict) -> int:
    """Queue ``event`` for every active endpoint that asked for it; returns how many."""
    if event not in WebhookEvent.values:
        raise ValueError(f"Unknown webhook event {event!r}.")
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(event)
    ]
    for endpoint in endpoints:
        queue_delivery(
            event=event,
            payload={"event": event, "site": settings.SITE_URL, **payload},
            endpoint=endpoint,
        )
    return len(endpoints)


def _is_public(thread: Thread) -> bool:
    return not thread.is_hidden and thread.is_approved


def thread_payload(thread: Thread) -> dict:
    return {
        "thread": {
            "id": thread.pk,
            "title": thread.title,
            "url": settings.SITE_URL + thread.get_absolute_url(),
            "board": thread.board.slug,
            "is_solved": thread.is_solved,
        }
    }


def post_payload(post: Post) -> dict:
    return {
        "post": {
            "id": post.pk,
            "url": settings.SITE_URL + post.get_absolute_url(),
            "author": post.author.username if post.author_id else None,
            "created_at": post.created_at.isoformat(),
        }
    }


def thread_created(thread: Thread) -> None:
    if _is_public(thread):
        emit(WebhookEvent.THREAD_CREATED, thread_payload(thread))


def reply_posted(post: Post) -> None:
    if _is_public(post.thread) and post.is_approved and not post.is_hidden:
        emit(
            WebhookEvent.REPLY_POSTED, thread_payload(post.thread) | post_payload(post)
        )


def solution_changed(thread: Thread, *, accepted: bool) -> None:
    if not _is_public(thread):
        return
    payload = thread_payload(thread)
    if accepted and thread.solution_post_id:
        payload |= post_payload(thread.solution_post)
        payload["accepted_as"] = thread.accepted_as
    event = (
        WebhookEvent.SOLUTION_ACCEPTED if accepted else WebhookEvent.SOLUTION_UNACCEPTED
    )
    emit(event, payload)


def post_hidden(post: Post, *, reason: str) -> None:
    # Only ids: the content is hidden for a reason and must not travel further.
    emit(
        WebhookEvent.POST_HIDDEN,
        {"post": {"id": post.pk, "thread_id": post.thread_id}, "reason": reason},
    )
