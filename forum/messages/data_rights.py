"""A member's private messages in their data export and in account erasure.

Erasure mirrors what happens to posts (``accounts.data_rights``): the messages stay,
so the other participants' conversations still read, but under "Former member";
@mentions of the member in anyone's messages become "@former member" and are
rendered again; the member leaves every conversation, and their blocks go.
"""

import re

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from forum.markdown import render_post
from forum.messages.models import Block, Message, MessageKind, Participant


def member_messages_export(user: User) -> dict:
    """What the data export holds about the member's private messages."""
    return {
        "conversations": list(
            Participant.objects.filter(user=user)
            .order_by("joined_at")
            .values(
                "conversation_id",
                "conversation__subject",
                "joined_at",
                "last_read_at",
                "left_at",
            )
        ),
        "messages": list(
            Message.objects.filter(author=user, kind=MessageKind.MESSAGE)
            .order_by("created_at")
            .values(
                "id", "conversation_id", "conversation__subject", "body", "created_at"
            )
        ),
        "blocked_members": list(
            Block.objects.filter(blocker=user)
            .order_by("created_at")
            .values("blocked__username", "created_at")
        ),
    }


def erase_member_messages(user: User, *, old_username: str, mention: str) -> None:
    """Inside the erasure's transaction: rewrite @mentions of ``old_username`` as
    ``mention``, take the member out of every conversation, drop their blocks."""
    pattern = re.compile(rf"(?<![\w@/.])@{re.escape(old_username)}(?![\w+-])")
    needle = f"@{old_username}"
    mentioning = Message.objects.filter(
        Q(body__contains=needle) | Q(body_html__contains=f"/u/{old_username}/")
    ).select_related("author")
    for message in mentioning.iterator():
        message.body = pattern.sub(mention, message.body)
        message.body_html = render_post(message.body, author=message.author).html
        message.save(update_fields=["body", "body_html"])
    Participant.objects.filter(user=user, left_at__isnull=True).update(
        left_at=timezone.now()
    )
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
