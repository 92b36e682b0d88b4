"""Suspending and banning members, and granting board moderation."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.models import Board
from forum.moderation import audit
from forum.moderation.models import AuditAction, BoardModerator
from forum.services.validation import clean_text

REASON_MAX_LENGTH = 500


def _state(member: User) -> dict:
    return {
        "suspended_until": member.suspended_until,
        "is_banned": member.is_banned,
        "reason": member.suspension_reason,
    }


def _lock_member(member: User, *, by: User) -> User:
    member = User.objects.select_for_update().get(pk=member.pk)
    if not permissions.can_suspend_user(by, member):
        raise PermissionDenied(
            _(
                "Only global moderators can suspend members, and only members of a "
                "lower role than their own."
            )
        )
    return member


def _reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the member sees it.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason under %(limit)s characters.")
                % {"limit": REASON_MAX_LENGTH}
            }
        )
    return reason


def _apply(member: User, *, action: str, by: User, reason: str, **state) -> User:
    before = _state(member)
    for field, value in state.items():
        setattr(member, field, value)
    member.save(update_fields=list(state))
    audit.record(
        action,
        actor=by,
        target=member,
        reason=reason,
        before=before,
        after=_state(member),
    )
    return member


@transaction.atomic
@permissions.roles_from_database
def suspend_user(member: User, *, until: datetime, reason: str, by: User) -> User:
    """Stop a member posting, giving kudos, flagging or accepting until ``until``;
    they keep reading. Raises PermissionDenied (role ordering) or ValidationError
    (no reason, an end in the past)."""
    member = _lock_member(member, by=by)
    reason = _reason(reason)
    if until is None or until <= timezone.now():
        raise ValidationError({"until": _("Choose an end in the future.")})
    return _apply(
        member, action=AuditAction.SUSPEND_USER, by=by, reason=reason,
        suspended_until=until, is_banned=False, suspension_reason=reason,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def ban_user(member: User, *, reason: str, by: User) -> User:
    """Suspend a member with no end. Raises PermissionDenied or ValidationError."""
    member = _lock_member(member, by=by)
    reason = _reason(reason)
    return _apply(
        member, action=AuditAction.BAN_USER, by=by, reason=reason,
        suspended_until=None, is_banned=True, suspension_reason=reason,
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def lift_suspension(member: User, *, by: User, reason: str = "") -> User:
    """End a suspension or ban now. Raises PermissionDenied."""
    member = _lock_member(member, by=by)
    if not member.is_banned and member.suspended_until is None:
        return member
    return _apply(
        member, action=AuditAction.LIFT_SUSPENSION, by=by, reason=clean_text(reason),
        suspended_until=None, is_banned=False, suspension_reason="",
    )  # fmt: skip


@transaction.atomic
@permissions.roles_from_database
def grant_board_moderator(member: User, *, board: Board, by: User) -> BoardModerator:
    """Make ``member`` a moderator of one board. Raises PermissionDenied unless
    ``by`` is an administrator."""
    if not permissions.can_assign_roles(by):
        raise PermissionDenied(_("Only administrators appoint board moderators."))
    record, created = BoardModerator.objects.get_or_create(
        user=member, board=board, defaults={"granted_by": by}
    )
    if created:
        audit.record(
            AuditAction.GRANT_BOARD_MODERATOR,
            actor=by,
            target=board,
            after={"member": member.username},
        )
    member.__dict__.pop("_moderated_board_ids", None)
    return record


@transaction.atomic
@permissions.roles_from_database
def revoke_board_moderator(record: BoardModerator, *, by: User) -> None:
    """Take one board's moderation away. Raises PermissionDenied unless ``by`` is
    an administrator."""
    if not permissions.can_assign_roles(by):
        raise PermissionDenied(_("Only administrators appoint board moderators."))
    audit.record(
        AuditAction.REVOKE_BOARD_MODERATOR,
        actor=by,
        target=record.board,
        before={"member": record.user.username},
    )
    record.delete()
