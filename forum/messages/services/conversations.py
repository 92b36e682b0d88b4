"""Starting conversations, sending, reading and leaving them.

Every refusal is raised before anything is written (flood control counts last, so a
refused message costs nothing), and each write is one transaction: a conversation
is stored with its participants and first message, or not at all.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from forum import caching, limits, permissions
from forum.markdown import render_post
from forum.messages import selectors
from forum.messages.models import Conversation, Message, MessageKind, Participant
from forum.moderation import flood
from forum.notifications.models import Notification, NotificationKind
from forum.notifications.services.notify import notify


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < limits.BODY_MIN_LENGTH:
        raise ValidationError(_("Write a message first."), code="required")
    if len(body) > limits.BODY_MAX_LENGTH:
        raise ValidationError(
            _("A message holds at most %(limit)s characters (this one has %(length)s).")
            % {
                "limit": number_format(limits.BODY_MAX_LENGTH, force_grouping=True),
                "length": number_format(len(body), force_grouping=True),
            },
            code="max_length",
        )
    return body


def _clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError(_("Give the conversation a subject."), code="required")
    if len(subject) > limits.TITLE_MAX_LENGTH:
        raise ValidationError(
            _("A subject holds at most %(limit)s characters.")
            % {"limit": limits.TITLE_MAX_LENGTH},
            code="max_length",
        )
    return subject


def _add_message(conversation: Conversation, *, author: User, body: str) -> Message:
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        body=body,
        body_html=render_post(body, author=author).html,
    )
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    Participant.objects.filter(conversation=conversation, user=author).update(
        last_read_message_id=message.pk, last_read_at=message.created_at
    )
    return message


def _tell(conversation: Conversation, message: Message, *, others: list[User]):
    """Notify the others of a new message, except those blocked either way; every
    participant's inbox count changes."""
    blocked = permissions.blocked_between(message.author, others)
    recipients = [member for member in others if member.username not in blocked]
    notify(
        recipients,
        kind=NotificationKind.MESSAGE,
        actor=message.author,
        conversation=conversation,
        detail=conversation.subject,
    )
    caching.forget_inboxes([message.author_id, *(m.pk for m in others)])


def members_named(usernames: list[str]) -> list[User]:
    """The members a new conversation is addressed to; ValidationError (on
    ``recipients``) naming whoever matches nobody."""
    members, unknown = selectors.recipients_named(usernames)
    if unknown:
        names = ", ".join(unknown)
        raise ValidationError(
            {"recipients": [_("No member is called %(names)s.") % {"names": names}]}
        )
    return members


def start_conversation(
    *, by: User, recipients: list[User], subject: str, body: str
) -> Conversation:
    """Start a conversation from ``by`` to ``recipients`` with its first message and
    notify them. Raises PermissionDenied (suspended, not yet trusted),
    ValidationError (see ``check_start_conversation``, empty or oversized input)
    or RateLimited."""
    recipients = list({member.pk: member for member in recipients}.values())
    permissions.check_start_conversation(by, recipients)
    subject, body = _clean_subject(subject), _clean_body(body)
    flood.check("conversation", by)
    flood.check("message", by)
    with transaction.atomic():
        conversation = Conversation.objects.create(subject=subject, started_by=by)
        Participant.objects.bulk_create(
            Participant(conversation=conversation, user=member)
            for member in [by, *recipients]
        )
        message = _add_message(conversation, author=by, body=body)
        _tell(conversation, message, others=recipients)
    return conversation


def send_message(conversation: Conversation, *, by: User, body: str) -> Message:
    """Add ``by``'s message to the conversation and notify the other participants
    (not those who left, nor those blocked either way). Raises PermissionDenied
    (not an active participant, suspended), ValidationError (empty or oversized,
    nobody left to read it) or RateLimited."""
    body = _clean_body(body)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        active = list(
            Participant.objects.filter(
                conversation=conversation, left_at__isnull=True
            ).select_related("user")
        )
        conversation.viewer_participant = next(
            (p for p in active if p.user_id == by.pk), None
        )
        if not permissions.can_reply_to_conversation(by, conversation):
            raise PermissionDenied(_("You can't write in this conversation."))
        others = [p.user for p in active if p.user_id != by.pk and p.user.is_active]
        if not others:
            raise ValidationError(_("Everyone else has left this conversation."))
        blocked = permissions.blocked_between(by, others)
        if len(blocked) == len(others):
            raise ValidationError(
                _("You can't message %(names)s: one of you blocked the other.")
                % {"names": ", ".join(sorted(blocked))}
            )
        flood.check("message", by)
        message = _add_message(conversation, author=by, body=body)
        _tell(conversation, message, others=others)
    return message


def mark_read(conversation: Conversation, *, by: User) -> None:
    """Mark everything in the conversation read for ``by`` (an active participant;
    anyone else is ignored), in one statement: every visit to the page runs it."""
    latest = Subquery(
        Message.objects.filter(conversation=conversation)
        .order_by("-id")
        .values("id")[:1]
    )
    marked = Participant.objects.filter(
        conversation=conversation,
        user=by,
        left_at__isnull=True,
        last_read_message_id__lt=latest,
    ).update(last_read_message_id=latest, last_read_at=timezone.now())
    if marked:
        caching.forget_inboxes([by.pk])


@transaction.atomic
def leave_conversation(conversation: Conversation, *, by: User) -> Participant:
    """``by`` leaves: it leaves their inbox, the others see "X left", and their
    notifications about it go. Raises PermissionDenied for non-participants."""
    participant = (
        Participant.objects.select_for_update()
        .filter(conversation=conversation, user=by, left_at__isnull=True)
        .first()
    )
    if participant is None:
        raise PermissionDenied(_("You aren't in this conversation."))
    now = timezone.now()
    participant.left_at = now
    participant.save(update_fields=["left_at"])
    Message.objects.create(
        conversation=conversation, author=by, kind=MessageKind.LEFT, created_at=now
    )
    Notification.objects.filter(recipient=by, conversation=conversation).delete()
    others = Participant.objects.filter(conversation=conversation).values_list(
        "user_id", flat=True
    )
    caching.forget_inboxes(others)
    return participant
