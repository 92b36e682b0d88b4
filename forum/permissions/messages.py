"""Private conversations: who may start one, read one, write in one, report, block.

A conversation is visible to its active participants only. Global moderators (the
moderator role and administrators) may read one while a report about one of its
messages is open, and every such read is audited; otherwise staff get the same 404
as anyone else. Predicates read what the selectors attached (``viewer_participant``,
``has_open_report``); the trust check reads the member's approved posts (one query)
and is asked only when a conversation is about to start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from forum.permissions.roles import (
    _is_member,
    _may_write,
    is_manager,
    is_moderator,
)

if TYPE_CHECKING:
    from accounts.models import User
    from forum.messages.models import Conversation, Message


def is_staff_member(user: User) -> bool:
    """Moderators, managers and administrators: they reach any member, need no
    trust period, and can't be blocked."""
    return is_moderator(user) or is_manager(user)


def staff_members_q() -> Q:
    """The queryset twin of ``is_staff_member``, on ``User`` (active members only
    are staff, as there)."""
    from accounts.models import Role

    staff_roles = [Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR]
    return Q(is_active=True) & (Q(role__in=staff_roles) | Q(is_superuser=True))


def max_participants() -> int:
    """The most members in one conversation, its starter included."""
    return max(2, settings.MESSAGES_MAX_PARTICIPANTS)


def is_trusted_to_message(user: User) -> bool:
    """Past the trust threshold posting already uses: not in the account's first
    day (``is_new_account``) nor in premoderation probation (``in_probation``)."""
    from forum.moderation.approval import in_probation
    from forum.moderation.flood import is_new_account

    if is_staff_member(user):
        return True
    return not is_new_account(user) and not in_probation(user)


def can_message(user: User, member: User) -> bool:
    """Show "Message" on a member's profile: someone who may write, to another
    active member (blocks and trust are checked when the conversation starts)."""
    return _may_write(user) and member.is_active and member.pk != user.pk


def check_start_conversation(user: User, recipients: list[User]) -> None:
    """Raise PermissionDenied (suspended, not yet trusted) or ValidationError (no
    recipient, oneself, an inactive account, too many, a block either way) for a
    new conversation from ``user`` to ``recipients``; ``blocked_pairs`` is read
    in one query."""
    if not _may_write(user):
        raise PermissionDenied(_("Suspended members can't send private messages."))
    if not is_trusted_to_message(user):
        raise PermissionDenied(
            _(
                "New members can send private messages once they have taken part in "
                "the community for a while. Post a question or a reply in the meantime."
            )
        )
    if not recipients:
        raise ValidationError(_("Choose at least one member to write to."))
    if any(member.pk == user.pk for member in recipients):
        raise ValidationError(_("You can't send a private message to yourself."))
    inactive = [m.username for m in recipients if not m.is_active]
    if inactive:
        raise ValidationError(
            _("%(names)s can't receive messages: the account is closed.")
            % {"names": ", ".join(inactive)}
        )
    if len(recipients) + 1 > max_participants():
        raise ValidationError(
            _("A conversation holds at most %(count)s members, you included.")
            % {"count": max_participants()}
        )
    blocked = blocked_between(user, recipients)
    if blocked:
        raise ValidationError(
            _("You can't message %(names)s: one of you blocked the other.")
            % {"names": ", ".join(sorted(blocked))}
        )


def blocked_between(user: User, members: list[User]) -> set[str]:
    """Usernames among ``members`` who blocked ``user`` or whom ``user`` blocked
    (staff are never blocked); one query."""
    from forum.messages.models import Block

    if is_staff_member(user):
        return set()
    ids = {m.pk for m in members}
    pairs = Block.objects.filter(
        Q(blocker=user, blocked_id__in=ids) | Q(blocked=user, blocker_id__in=ids)
    ).values_list("blocker_id", "blocked_id")
    involved = {b for pair in pairs for b in pair} - {user.pk}
    return {m.username for m in members if m.pk in involved}


def can_block_member(user: User, member: User) -> bool:
    """Any member may block another member, never themselves or staff."""
    return _is_member(user) and member.pk != user.pk and not is_staff_member(member)


def _active_participant(conversation: Conversation):
    participant = getattr(conversation, "viewer_participant", None)
    return participant if participant and participant.left_at is None else None


def can_view_conversation(user: User, conversation: Conversation) -> bool:
    """Active participants; global moderators while a report in it is open. Twin
    of ``conversations_visible_to``."""
    if not _is_member(user):
        return False
    if _active_participant(conversation) is not None:
        return True
    return can_read_reported_conversation(user, conversation)


def can_read_reported_conversation(user: User, conversation: Conversation) -> bool:
    """A global moderator, while a message in the conversation has an open report."""
    return (
        _may_write(user)
        and is_moderator(user)
        and bool(getattr(conversation, "has_open_report", False))
    )


def conversations_visible_to(user: User, queryset=None):
    """The conversations this user may open. Twin of ``can_view_conversation``."""
    from forum.messages.models import Conversation, MessageReport, Participant

    queryset = Conversation.objects.all() if queryset is None else queryset
    if not _is_member(user):
        return queryset.none()
    active = Participant.objects.filter(
        conversation=OuterRef("pk"), user=user, left_at__isnull=True
    )
    visible = Q(Exists(active))
    if _may_write(user) and is_moderator(user):
        reported = MessageReport.objects.open().filter(conversation=OuterRef("pk"))
        visible |= Q(Exists(reported))
    return queryset.filter(visible)


def can_reply_to_conversation(user: User, conversation: Conversation) -> bool:
    """Active participants who may write (blocks are checked when sending)."""
    return _may_write(user) and _active_participant(conversation) is not None


def can_leave_conversation(user: User, conversation: Conversation) -> bool:
    """Active participants, suspended or not (leaving only withdraws)."""
    return _is_member(user) and _active_participant(conversation) is not None


def can_report_message(user: User, message: Message) -> bool:
    """Active participants, about someone else's message (``message.conversation``
    carries ``viewer_participant``)."""
    return (
        _may_write(user)
        and not message.is_event
        and message.author_id != user.pk
        and _active_participant(message.conversation) is not None
    )


def can_dismiss_message_reports(user: User, conversation: Conversation) -> bool:
    """Those who may read the reported conversation close its reports."""
    return can_read_reported_conversation(user, conversation)
