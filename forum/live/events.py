"""Telling open pages that something changed, once the write has committed.

Only ids travel through the channel layer: each connected page's consumer reads
the object again and asks the permission module whether its viewer may see it
before sending anything (forum.live.consumers). Publishing never fails a write: a
channel layer that is down or slow (Redis unreachable) is logged and skipped.
"""

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

MODERATION_GROUP = "live.moderation"
# A writer waits at most this long for the channel layer before giving up.
SEND_TIMEOUT_SECONDS = 2.0


def thread_group(thread_id: int) -> str:
    return f"live.thread.{thread_id}"


def member_group(user_id: int) -> str:
    return f"live.member.{user_id}"


def thread_changed(thread_id: int, *, change: str, post_id: int | None = None) -> None:
    """Pages showing this thread re-read it; ``change`` says what happened (a
    reply, an edit, a solution accepted or withdrawn, a moderator's action)."""
    _publish(
        thread_group(thread_id),
        {
            "type": "thread.changed",
            "thread": thread_id,
            "post": post_id,
            "change": change,
        },
    )


def inbox_changed(user_ids) -> None:
    """These members' unread notification counts changed."""
    for user_id in dict.fromkeys(user_ids):
        _publish(member_group(user_id), {"type": "inbox.changed", "member": user_id})


def queue_changed(post_id: int, *, entered: bool) -> None:
    """A post entered the moderation queue (held, or flagged) or left it."""
    _publish(
        MODERATION_GROUP,
        {"type": "queue.changed", "post": post_id, "entered": entered},
    )


def _publish(group: str, message: dict) -> None:
    # After the commit: a consumer reading the object must find it, and a rolled
    # back write must announce nothing.
    transaction.on_commit(lambda: send_now(group, message))


def send_now(group: str, message: dict) -> None:
    """Send ``message`` to ``group`` at once; failures are logged, never raised."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _send_logged(group, message)
        return
    # This thread runs an event loop (synchronous code called from async code):
    # async_to_sync refuses to run here, so the send gets a thread of its own.
    sender = threading.Thread(target=_send_logged, args=(group, message))
    sender.start()
    sender.join(SEND_TIMEOUT_SECONDS + 1)


def _send_logged(group: str, message: dict) -> None:
    try:
        async_to_sync(_send)(group, message)
    except Exception:
        logger.warning(
            "Live update %s to %s not sent", message["type"], group, exc_info=True
        )


async def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        await asyncio.wait_for(
            layer.group_send(group, message), timeout=SEND_TIMEOUT_SECONDS
        )
