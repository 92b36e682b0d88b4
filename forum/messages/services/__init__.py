"""Everything that writes private messages; see each module."""

from forum.messages.services.blocks import block_member, unblock_member
from forum.messages.services.conversations import (
    leave_conversation,
    mark_read,
    members_named,
    send_message,
    start_conversation,
)
from forum.messages.services.reports import (
    dismiss_message_reports,
    record_moderator_read,
    report_message,
)

__all__ = [
    "block_member",
    "dismiss_message_reports",
    "leave_conversation",
    "mark_read",
    "members_named",
    "record_moderator_read",
    "report_message",
    "send_message",
    "start_conversation",
    "unblock_member",
]
