"""Moderating ideas as threads are moderated: flags, hiding and restoring ideas
and comments, locking, editing with history in the audit log, resolving flags."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from forum import limits, permissions
from forum.console import conf as console_conf
from forum.ideas.models import Idea, IdeaComment, IdeaFlag
from forum.markdown import render_markdown
from forum.moderation import audit, flood
from forum.moderation.models import AuditAction, FlagReason, FlagResolution
from forum.services.guards import refuse_suspended
from forum.services.validation import clean_body, clean_text, clean_title

NOT_A_MODERATOR = gettext_lazy("Only moderators curate ideas.")


def _lock_idea(idea: Idea) -> Idea:
    return Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)


def _lock_comment(comment: IdeaComment) -> IdeaComment:
    """The comment and its idea, both locked: the idea holds the comment count."""
    _lock_idea(comment.idea)
    return (
        IdeaComment.objects.select_for_update(of=("self",))
        .select_related("idea")
        .get(pk=comment.pk)
    )


def _require_moderator(user: User) -> None:
    if not permissions.can_moderate_ideas(user):
        raise PermissionDenied(NOT_A_MODERATOR)


def _require_reason(reason: str) -> str:
    reason = clean_text(reason)[:500]
    if not reason:
        raise ValidationError({"reason": _("Give a reason: it goes in the audit log.")})
    return reason


def _clean_flag(reason: str, note: str) -> str:
    note = clean_text(note)[: IdeaFlag.NOTE_MAX_LENGTH]
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose what's wrong with it.")})
    if reason == FlagReason.OTHER and not note:
        raise ValidationError({"note": _("Tell the moderators what's wrong.")})
    return note


def _resolve(flags, *, by: User | None, resolution: str) -> int:
    return flags.open().update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution
    )


def _idea_flags(idea: Idea):
    return IdeaFlag.objects.filter(idea=idea, comment__isnull=True)


@transaction.atomic
def flag_idea(idea: Idea, *, by: User, reason: str, note: str = "") -> bool:
    """Flag an idea for the moderators, once per member; True if new. Enough
    flaggers (MODERATION_FLAGS_TO_HIDE) hide it. Raises PermissionDenied,
    ValidationError or RateLimited."""
    refuse_suspended(by)
    note = _clean_flag(reason, note)
    idea = _lock_idea(idea)
    if not permissions.can_flag_idea(by, idea):
        raise PermissionDenied(_("You can't flag this idea."))
    if _idea_flags(idea).filter(user=by).exists():
        return False
    flood.check("flag", by)
    IdeaFlag.objects.create(idea=idea, user=by, reason=reason, note=note)
    flaggers = _idea_flags(idea).open().count()
    if flaggers >= console_conf.moderation_flags_to_hide():
        _hide_idea(idea, by=None, reason=f"Flagged by {flaggers} members")
    return True


@transaction.atomic
def flag_idea_comment(
    comment: IdeaComment, *, by: User, reason: str, note: str = ""
) -> bool:
    """Flag a comment on an idea, once per member; True if new. Enough flaggers
    hide it. Raises PermissionDenied, ValidationError or RateLimited."""
    refuse_suspended(by)
    note = _clean_flag(reason, note)
    comment = _lock_comment(comment)
    if not permissions.can_flag_idea_comment(by, comment):
        raise PermissionDenied(_("You can't flag this comment."))
    if IdeaFlag.objects.filter(comment=comment, user=by).exists():
        return False
    flood.check("flag", by)
    IdeaFlag.objects.create(
        idea_id=comment.idea_id, comment=comment, user=by, reason=reason, note=note
    )
    flaggers = IdeaFlag.objects.open().filter(comment=comment).count()
    if flaggers >= console_conf.moderation_flags_to_hide():
        _hide_comment(comment, by=None, reason=f"Flagged by {flaggers} members")
    return True


def _hide_idea(idea: Idea, *, by: User | None, reason: str) -> None:
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    idea.is_hidden = True
    upheld = _resolve(_idea_flags(idea), by=by, resolution=FlagResolution.UPHELD)
    audit.record(
        AuditAction.HIDE_IDEA,
        actor=by,
        target=idea,
        reason=reason,
        before={"is_hidden": False},
        after={"is_hidden": True, "flags_upheld": upheld},
    )


@transaction.atomic
@permissions.roles_from_database
def hide_idea(idea: Idea, *, by: User, reason: str) -> Idea:
    """Hide an idea from the community, upholding its open flags. Raises
    PermissionDenied or ValidationError."""
    idea = _lock_idea(idea)
    _require_moderator(by)
    reason = _require_reason(reason)
    if idea.is_hidden:
        raise ValidationError(_("The idea is already hidden."))
    _hide_idea(idea, by=by, reason=reason)
    return idea


@transaction.atomic
@permissions.roles_from_database
def restore_idea(idea: Idea, *, by: User, reason: str = "") -> Idea:
    """Show a hidden idea again, dismissing its open flags. Raises
    PermissionDenied or ValidationError."""
    idea = _lock_idea(idea)
    _require_moderator(by)
    if not idea.is_hidden:
        raise ValidationError(_("The idea isn't hidden."))
    Idea.objects.filter(pk=idea.pk).update(is_hidden=False)
    idea.is_hidden = False
    dismissed = _resolve(_idea_flags(idea), by=by, resolution=FlagResolution.DISMISSED)
    audit.record(
        AuditAction.RESTORE_IDEA,
        actor=by,
        target=idea,
        reason=clean_text(reason)[:500],
        before={"is_hidden": True},
        after={"is_hidden": False, "flags_dismissed": dismissed},
    )
    return idea


def _hide_comment(comment: IdeaComment, *, by: User | None, reason: str) -> None:
    IdeaComment.objects.filter(pk=comment.pk).update(is_hidden=True)
    comment.is_hidden = True
    # A hidden comment leaves the idea's count; the idea row is locked.
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)
    upheld = _resolve(
        IdeaFlag.objects.filter(comment=comment),
        by=by,
        resolution=FlagResolution.UPHELD,
    )
    audit.record(
        AuditAction.HIDE_IDEA_COMMENT,
        actor=by,
        target=comment,
        reason=reason,
        before={"is_hidden": False},
        after={"is_hidden": True, "flags_upheld": upheld},
    )


@transaction.atomic
@permissions.roles_from_database
def hide_idea_comment(comment: IdeaComment, *, by: User, reason: str) -> IdeaComment:
    """Hide a comment on an idea (it leaves the idea's comment count), upholding
    its open flags. Raises PermissionDenied or ValidationError."""
    comment = _lock_comment(comment)
    _require_moderator(by)
    reason = _require_reason(reason)
    if comment.is_hidden:
        raise ValidationError(_("The comment is already hidden."))
    _hide_comment(comment, by=by, reason=reason)
    return comment


@transaction.atomic
@permissions.roles_from_database
def restore_idea_comment(
    comment: IdeaComment, *, by: User, reason: str = ""
) -> IdeaComment:
    """Show a hidden comment again (it counts again), dismissing its open flags.
    Raises PermissionDenied or ValidationError."""
    comment = _lock_comment(comment)
    _require_moderator(by)
    if not comment.is_hidden:
        raise ValidationError(_("The comment isn't hidden."))
    IdeaComment.objects.filter(pk=comment.pk).update(is_hidden=False)
    comment.is_hidden = False
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + 1)
    dismissed = _resolve(
        IdeaFlag.objects.filter(comment=comment),
        by=by,
        resolution=FlagResolution.DISMISSED,
    )
    audit.record(
        AuditAction.RESTORE_IDEA_COMMENT,
        actor=by,
        target=comment,
        reason=clean_text(reason)[:500],
        before={"is_hidden": True},
        after={"is_hidden": False, "flags_dismissed": dismissed},
    )
    return comment


def _set_locked(idea: Idea, *, locked: bool, by: User, reason: str) -> Idea:
    idea = _lock_idea(idea)
    _require_moderator(by)
    if idea.is_locked == locked:
        if locked:
            raise ValidationError(_("The idea is already locked."))
        raise ValidationError(_("The idea is already unlocked."))
    Idea.objects.filter(pk=idea.pk).update(is_locked=locked)
    idea.is_locked = locked
    audit.record(
        AuditAction.LOCK_IDEA if locked else AuditAction.UNLOCK_IDEA,
        actor=by,
        target=idea,
        reason=clean_text(reason)[:500],
        before={"is_locked": not locked},
        after={"is_locked": locked},
    )
    return idea


@transaction.atomic
@permissions.roles_from_database
def lock_idea(idea: Idea, *, by: User, reason: str = "") -> Idea:
    """Stop votes and comments on an idea. Raises PermissionDenied or
    ValidationError."""
    return _set_locked(idea, locked=True, by=by, reason=reason)


@transaction.atomic
@permissions.roles_from_database
def unlock_idea(idea: Idea, *, by: User, reason: str = "") -> Idea:
    """Open a locked idea to votes and comments again. Raises PermissionDenied or
    ValidationError."""
    return _set_locked(idea, locked=False, by=by, reason=reason)


@transaction.atomic
@permissions.roles_from_database
def edit_idea_as_moderator(
    idea: Idea, *, title: str, body: str, reason: str, by: User
) -> Idea:
    """Change an idea's title and body as a moderator; the audit log keeps the
    text before and after. Raises PermissionDenied or ValidationError."""
    idea = _lock_idea(idea)
    _require_moderator(by)
    reason = _require_reason(reason)
    title, body = clean_title(title), clean_body(body)
    if (title, body) == (idea.title, idea.body):
        raise ValidationError(_("Nothing changed."))
    before = {"title": idea.title, "body": idea.body}
    idea.title = title
    idea.slug = slugify(title)[: limits.SLUG_MAX_LENGTH] or "idea"
    idea.body = body
    idea.body_html = render_markdown(body)
    idea.save(update_fields=["title", "slug", "body", "body_html"])
    audit.record(
        AuditAction.EDIT_IDEA,
        actor=by,
        target=idea,
        reason=reason,
        before=before,
        after={"title": title, "body": body},
    )
    return idea


@transaction.atomic
@permissions.roles_from_database
def dismiss_idea_flags(
    idea: Idea, *, comment: IdeaComment | None = None, by: User, reason: str = ""
) -> int:
    """Close the open flags on an idea (or one of its comments) as unfounded; what
    the flags hid comes back. Returns how many were open. Raises
    PermissionDenied."""
    _require_moderator(by)
    if comment is not None:
        comment = _lock_comment(comment)
        flags, target = IdeaFlag.objects.filter(comment=comment), comment
        if comment.is_hidden:
            count = flags.open().count()
            restore_idea_comment(comment, by=by, reason=reason)
            return count
    else:
        idea = _lock_idea(idea)
        flags, target = _idea_flags(idea), idea
        if idea.is_hidden:
            count = flags.open().count()
            restore_idea(idea, by=by, reason=reason)
            return count
    dismissed = _resolve(flags, by=by, resolution=FlagResolution.DISMISSED)
    if dismissed:
        audit.record(
            AuditAction.DISMISS_IDEA_FLAGS,
            actor=by,
            target=target,
            reason=clean_text(reason)[:500],
            after={"flags_dismissed": dismissed},
        )
    return dismissed


@transaction.atomic
@permissions.roles_from_database
def uphold_idea_flags(
    idea: Idea, *, comment: IdeaComment | None = None, by: User, reason: str = ""
) -> int:
    """Agree with the flags: hide the flagged idea or comment, closing its flags
    (a target the flags already hid stays hidden). Returns how many flags were
    open. Raises PermissionDenied or ValidationError."""
    _require_moderator(by)
    reason = clean_text(reason)[:500] or "Upheld the members' flags"
    if comment is not None:
        comment = _lock_comment(comment)
        flags, target, hidden = (
            IdeaFlag.objects.filter(comment=comment),
            comment,
            comment.is_hidden,
        )
    else:
        idea = _lock_idea(idea)
        flags, target, hidden = _idea_flags(idea), idea, idea.is_hidden
    count = flags.open().count()
    if not hidden:
        (_hide_comment if comment is not None else _hide_idea)(
            target, by=by, reason=reason
        )
        return count
    upheld = _resolve(flags, by=by, resolution=FlagResolution.UPHELD)
    action = (
        AuditAction.HIDE_IDEA_COMMENT if comment is not None else AuditAction.HIDE_IDEA
    )
    audit.record(
        action,
        actor=by,
        target=target,
        reason=reason,
        after={"is_hidden": True, "flags_upheld": upheld},
    )
    return upheld
