"""Reporting messages to moderators, and the moderators' audited access."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.messages.models import Conversation, Message, MessageReport
from forum.moderation import audit, flood
from forum.moderation.models import AuditAction, FlagReason, FlagResolution


def report_message(
    message: Message, *, by: User, reason: str, note: str = ""
) -> tuple[MessageReport, bool]:
    """``by`` reports someone else's message in a conversation they are in; returns
    the report and whether it is new (one per member and message). Raises
    PermissionDenied, ValidationError (unknown reason, long note) or RateLimited."""
    if not permissions.can_report_message(by, message):
        raise PermissionDenied(_("You can't report this message."))
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose a reason for the report."), code="invalid")
    note = (note or "").strip()
    if len(note) > MessageReport.NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the note under %(limit)s characters.")
            % {"limit": MessageReport.NOTE_MAX_LENGTH},
            code="max_length",
        )
    existing = MessageReport.objects.filter(message=message, reporter=by).first()
    if existing is not None:
        return existing, False
    flood.check("flag", by)
    try:
        with transaction.atomic():
            report = MessageReport.objects.create(
                message=message,
                conversation_id=message.conversation_id,
                reporter=by,
                reason=reason,
                note=note,
            )
    except IntegrityError:
        return MessageReport.objects.get(message=message, reporter=by), False
    return report, True


@transaction.atomic
def record_moderator_read(conversation: Conversation, *, by: User) -> None:
    """Write the audit entry for a moderator reading a reported conversation.
    Raises PermissionDenied when ``by`` may not read it."""
    if not permissions.can_read_reported_conversation(by, conversation):
        raise PermissionDenied(_("Only a reported conversation may be read."))
    audit.record(AuditAction.READ_CONVERSATION, actor=by, target=conversation)


@transaction.atomic
def dismiss_message_reports(
    conversation: Conversation, *, by: User, reason: str = ""
) -> int:
    """Close the conversation's open reports (and with them the moderators'
    access); returns how many. Raises PermissionDenied."""
    if not permissions.can_dismiss_message_reports(by, conversation):
        raise PermissionDenied(_("You can't act on this conversation."))
    closed = (
        MessageReport.objects.open()
        .filter(conversation=conversation)
        .update(
            resolved_at=timezone.now(),
            resolved_by=by,
            resolution=FlagResolution.DISMISSED,
        )
    )
    audit.record(
        AuditAction.DISMISS_MESSAGE_REPORTS,
        actor=by,
        target=conversation,
        reason=reason,
        after={"reports": closed},
    )
    return closed
