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
    message = {
        "type": "thread.changed",
        "thread": thread_id,
        "post": post_id,
        "change": change,
    }
    _publish([(thread_group(thread_id), message)])


def inbox_changed(user_ids) -> None:
    """These members' unread notification counts changed."""
    _publish(
        [
            (member_group(user_id), {"type": "inbox.changed", "member": user_id})
            for user_id in dict.fromkeys(user_ids)
        ]
    )


def queue_changed(post_id: int, *, entered: bool) -> None:
    """A post entered the moderation queue (held, or flagged) or left it."""
    message = {"type": "queue.changed", "post": post_id, "entered": entered}
    _publish([(MODERATION_GROUP, message)])


def _publish(sends: list[tuple[str, dict]]) -> None:
    # After the commit: a consumer reading the object must find it, and a rolled
    # back write must announce nothing. A write's sends go together, in one trip
    # to the channel layer (a reply may tell hundreds of followers' headers).
    if sends:
        transaction.on_commit(lambda: send_now(sends))


def send_now(sends: list[tuple[str, dict]]) -> None:
    """Send each (group, message) at once; failures are logged, never raised."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _send_logged(sends)
        return
    # This thread runs an event loop (synchronous code called from async code):
    # async_to_sync refuses to run here, so the sends get a thread of their own.
    sender = threading.Thread(target=_send_logged, args=(sends,))
    sender.start()
    sender.join(SEND_TIMEOUT_SECONDS + 1)


def _send_logged(sends: list[tuple[str, dict]]) -> None:
    try:
        async_to_sync(_send)(sends)
    except Exception:
        first_group, first_message = sends[0]
        logger.warning(
            "Live update %s to %s (of %d) not sent",
            first_message["type"],
            first_group,
            len(sends),
            exc_info=True,
        )


async def _send(sends: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        await asyncio.wait_for(
            asyncio.gather(
                *(layer.group_send(group, message) for group, message in sends)
            ),
            timeout=SEND_TIMEOUT_SECONDS,
        )
