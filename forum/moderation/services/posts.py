"""Flags, approval, hiding and restoring posts, and deleting spam."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import events, permissions, search
from forum.attachments.services import sync_visibility
from forum.console import conf as console_conf
from forum.models import Post, Thread
from forum.moderation import audit, flood
from forum.moderation.counters import recount
from forum.moderation.models import AuditAction, Flag, FlagReason, FlagResolution
from forum.moderation.signals import post_approved
from forum.services.guards import refuse_suspended
from forum.services.validation import clean_text

SOLUTION_FIELDS = {
    "solution_post": None,
    "accepted_by": None,
    "accepted_at": None,
    "accepted_as": "",
}


def _lock_post(post: Post) -> Post:
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__board", "author")
        .get(pk=post.pk)
    )


def _resolve_flags(posts, *, by: User | None, resolution: str) -> int:
    """Close the open flags on these posts; returns how many were open."""
    return (
        Flag.objects.open()
        .filter(post__in=posts)
        .update(resolved_at=timezone.now(), resolved_by=by, resolution=resolution)
    )


def _require_reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give a reason: it goes in the audit log.")})
    return reason


def _after_change(posts: list[Post]) -> None:
    """Recount and reindex what changing these posts' visibility touched."""
    threads = {post.thread_id for post in posts}
    recount(
        threads=threads,
        boards={post.thread.board_id for post in posts},
        users={post.author_id for post in posts},
    )
    for thread_id in threads:
        search.index_thread(thread_id)
    # A hidden post's files stop answering at their public address; so do the
    # replies' files when a question hides (or shows) its whole thread.
    sync_visibility(
        Post.objects.filter(thread_id__in=threads).values_list("pk", flat=True)
    )


@transaction.atomic
def flag_post(post: Post, *, by: User, reason: str, note: str = "") -> bool:
    """Flag a post for the moderators, once per member; True if new. Hides the post
    once MODERATION_FLAGS_TO_HIDE different members flag it. Raises
    PermissionDenied, ValidationError or RateLimited."""
    refuse_suspended(by)
    note = clean_text(note)[: Flag.NOTE_MAX_LENGTH]
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose what's wrong with the post.")})
    if reason == FlagReason.OTHER and not note:
        raise ValidationError({"note": _("Tell the moderators what's wrong.")})
    # Locking the post serialises flaggers, so the threshold is crossed once.
    post = _lock_post(post)
    if not permissions.can_flag_post(by, post):
        raise PermissionDenied(_("You can't flag this post."))
    if Flag.objects.filter(post=post, user=by).exists():
        return False
    flood.check("flag", by, board=post.thread.board)
    Flag.objects.create(post=post, user=by, reason=reason, note=note)
    flaggers = Flag.objects.open().filter(post=post).count()
    if flaggers >= console_conf.moderation_flags_to_hide():
        _hide(
            post,
            by=None,
            reason=f"Flagged by {flaggers} members",
        )
    return True


def _hide(post: Post, *, by: User | None, reason: str) -> None:
    """Hide a post (its thread too, for a question) and unmark it as a solution."""
    thread = post.thread
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    post.is_hidden = True
    changes = {}
    if post.pk == thread.first_post_id:
        changes["is_hidden"] = True
    if thread.solution_post_id == post.pk:
        changes |= SOLUTION_FIELDS
    if changes:
        Thread.objects.filter(pk=thread.pk).update(**changes)
    action = AuditAction.HIDE_POST if by else AuditAction.AUTO_HIDE_POST
    audit.record(
        action,
        actor=by,
        target=post,
        reason=reason,
        before={"is_hidden": False, "was_solution": "solution_post" in changes},
        after={"is_hidden": True},
    )
    _after_change([post])
    events.moderator_acted(post, action="hidden", reason=reason, by=by)


@transaction.atomic
@permissions.roles_from_database
def hide_post(post: Post, *, by: User, reason: str) -> Post:
    """Hide a post from the community (a question hides its thread), upholding its
    open flags. A post waiting for approval is thereby rejected. Raises
    PermissionDenied or ValidationError."""
    post = _lock_post(post)
    if not permissions.can_hide_post(by, post):
        raise PermissionDenied(_("You can't hide posts in this board."))
    reason = _require_reason(reason)
    upheld = _resolve_flags([post], by=by, resolution=FlagResolution.UPHELD)
    if post.is_hidden:
        if upheld:
            audit.record(
                AuditAction.HIDE_POST,
                actor=by,
                target=post,
                reason=reason,
                after={"is_hidden": True, "flags_upheld": upheld},
            )
        return post
    _hide(post, by=by, reason=reason)
    return post


@transaction.atomic
@permissions.roles_from_database
def restore_post(post: Post, *, by: User, reason: str = "") -> Post:
    """Show a hidden post again (a question shows its thread again), dismissing its
    open flags. Raises PermissionDenied."""
    post = _lock_post(post)
    if not permissions.can_restore_post(by, post):
        raise PermissionDenied(_("You can't restore posts in this board."))
    if not post.is_hidden:
        return post
    dismissed = _resolve_flags([post], by=by, resolution=FlagResolution.DISMISSED)
    Post.objects.filter(pk=post.pk).update(is_hidden=False)
    post.is_hidden = False
    if post.pk == post.thread.first_post_id:
        Thread.objects.filter(pk=post.thread_id).update(is_hidden=False)
    audit.record(
        AuditAction.RESTORE_POST,
        actor=by,
        target=post,
        reason=clean_text(reason),
        before={"is_hidden": True},
        after={"is_hidden": False, "flags_dismissed": dismissed},
    )
    _after_change([post])
    events.moderator_acted(post, action="restored", reason=clean_text(reason), by=by)
    return post


@transaction.atomic
@permissions.roles_from_database
def dismiss_flags(post: Post, *, by: User, reason: str = "") -> int:
    """Close a post's open flags as unfounded; a post the flags hid is shown again.
    Returns how many flags were open. Raises PermissionDenied."""
    post = _lock_post(post)
    if not permissions.can_dismiss_flags(by, post):
        raise PermissionDenied(_("You can't moderate this board."))
    if post.is_hidden:
        # Only flags hide a post and leave flags open (a moderator's hide closes
        # them), so unfounded flags mean the post comes back.
        open_flags = Flag.objects.open().filter(post=post).count()
        restore_post(post, by=by, reason=reason)
        return open_flags
    dismissed = _resolve_flags([post], by=by, resolution=FlagResolution.DISMISSED)
    if dismissed:
        audit.record(
            AuditAction.DISMISS_FLAGS,
            actor=by,
            target=post,
            reason=clean_text(reason),
            after={"flags_dismissed": dismissed},
        )
    return dismissed


@transaction.atomic
@permissions.roles_from_database
def approve_post(post: Post, *, by: User) -> Post:
    """Publish a post that waited for approval (a question publishes its thread);
    counters, search and followers then see it. Raises PermissionDenied."""
    post = _lock_post(post)
    if not permissions.can_approve_post(by, post):
        raise PermissionDenied(_("You can't approve posts in this board."))
    if post.is_approved or post.is_hidden:
        return post
    Post.objects.filter(pk=post.pk).update(is_approved=True)
    post.is_approved = True
    if post.pk == post.thread.first_post_id:
        Thread.objects.filter(pk=post.thread_id).update(is_approved=True)
    audit.record(
        AuditAction.APPROVE_POST,
        actor=by,
        target=post,
        reason=post.held_reason,
        before={"is_approved": False},
        after={"is_approved": True},
    )
    _after_change([post])
    events.post_published(post)
    events.moderator_acted(post, action="approved", by=by)
    transaction.on_commit(
        lambda: post_approved.send(sender=Post, post=post, by=by), robust=True
    )
    return post


@transaction.atomic
@permissions.roles_from_database
def delete_as_spam(post: Post, *, by: User, reason: str = "Spam") -> int:
    """Hide everything the post's author wrote (their questions with their
    threads), close the flags on it, and ban the author. Returns how many posts
    were hidden. Raises PermissionDenied."""
    from forum.moderation.services.users import ban_user

    post = _lock_post(post)
    if not permissions.can_delete_as_spam(by, post):
        raise PermissionDenied(_("You can't delete this member's posts as spam."))
    author = post.author
    reason = clean_text(reason) or "Spam"
    posts = list(
        Post.objects.filter(author=author).select_related("thread").order_by("id")
    )
    hidden = Post.objects.filter(author=author, is_hidden=False).update(is_hidden=True)
    Thread.objects.filter(first_post__author=author).update(is_hidden=True)
    Thread.objects.filter(solution_post__author=author).update(**SOLUTION_FIELDS)
    _resolve_flags(posts, by=by, resolution=FlagResolution.UPHELD)
    audit.record(
        AuditAction.DELETE_AS_SPAM,
        actor=by,
        target=post,
        reason=reason,
        after={"author": author.username, "posts_hidden": hidden},
    )
    ban_user(author, by=by, reason=reason)
    _after_change(posts)
    return hidden
