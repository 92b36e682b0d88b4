"""Moderation scope: who moderates which boards, threads, posts and members, and
who sees the queues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.permissions.roles import (
    _is_member,
    _may_write,
    is_manager,
    is_moderator,
    moderated_board_ids,
    role_rank,
)

if TYPE_CHECKING:
    from accounts.models import User
    from forum.models import Board, Post, Thread


def _sees_board(user: User, board_id: int) -> bool:
    """Moderators of a board see everything in it, hidden or waiting."""
    return is_moderator(user) or board_id in moderated_board_ids(user)


def can_moderate_board(user: User, board: Board) -> bool:
    """Global moderators everywhere, board moderators in their boards; never while
    suspended."""
    return _may_write(user) and _sees_board(user, board.pk)


def boards_moderated_by(user: User, queryset=None):
    """The boards this user moderates. Twin of ``can_moderate_board``."""
    from forum.models import Board

    queryset = Board.objects.all() if queryset is None else queryset
    if not _may_write(user):
        return queryset.none()
    if is_moderator(user):
        return queryset
    return queryset.filter(pk__in=moderated_board_ids(user))


def posts_moderated_by(user: User, queryset):
    """Posts in boards this user moderates (the moderation queue's scope)."""
    if not _may_write(user):
        return queryset.none()
    if is_moderator(user):
        return queryset
    return queryset.filter(thread__board_id__in=moderated_board_ids(user))


def can_view_moderation_queue(user: User) -> bool:
    """Anyone who moderates at least one board."""
    return _may_write(user) and (is_moderator(user) or bool(moderated_board_ids(user)))


# Board moderators read their boards' entries (``audit_entries_visible_to``).
can_view_audit_log = can_view_moderation_queue


def audit_entries_visible_to(user: User, queryset):
    """The audit entries this user may read. Twin of ``can_view_audit_log``."""
    if not can_view_audit_log(user):
        return queryset.none()
    if is_moderator(user):
        return queryset
    return queryset.filter(board_id__in=moderated_board_ids(user))


def can_moderate_thread(user: User, thread: Thread) -> bool:
    """Lock, pin, split, edit or hide in this thread: its board's moderators."""
    return can_moderate_board(user, thread.board)


can_lock_thread = can_pin_thread = can_split_thread = can_moderate_thread


def can_feature_thread(user: User, thread: Thread) -> bool:
    """The home page is site-wide, so only global moderators feature threads (or
    stop featuring them)."""
    return _may_write(user) and is_moderator(user)


def can_move_thread(user: User, thread: Thread, to: Board | None = None) -> bool:
    """A move needs rights on the thread's board and on the destination."""
    return can_moderate_thread(user, thread) and (
        to is None or can_moderate_board(user, to)
    )


def can_merge_threads(user: User, thread: Thread, into: Thread | None = None) -> bool:
    """A merge needs rights on both threads' boards."""
    return can_moderate_thread(user, thread) and (
        into is None or can_moderate_board(user, into.board)
    )


def can_moderate_post(user: User, post: Post) -> bool:
    """Approve, hide, restore, dismiss flags or read revisions: the board's
    moderators (whatever the post's state; the services say what a state allows)."""
    return can_moderate_board(user, post.thread.board)


can_approve_post = can_hide_post = can_restore_post = can_moderate_post
can_dismiss_flags = can_view_revisions = can_moderate_post


def can_suspend_user(user: User, member: User) -> bool:
    """Suspensions are site-wide, so only global moderators suspend or ban, and only
    members of a lower rank (never themselves)."""
    return (
        _may_write(user)
        and is_moderator(user)
        and member.pk != user.pk
        and role_rank(user) > role_rank(member)
    )


def can_delete_as_spam(user: User, post: Post) -> bool:
    """Hiding everything an author wrote and banning them: a moderator of the board
    who may also ban the author."""
    return (
        post.author is not None
        and can_moderate_post(user, post)
        and can_suspend_user(user, post.author)
    )


def can_view_response_queue(user: User) -> bool:
    """The unanswered queue: moderators and certified experts."""
    return _is_member(user) and (
        is_moderator(user)
        or bool(moderated_board_ids(user))
        or bool(user.active_certifications)
    )


def threads_in_response_queue_of(user: User, queryset):
    """Threads in boards the user covers as moderator or expert. Twin of
    ``can_view_response_queue``."""
    if not can_view_response_queue(user):
        return queryset.none()
    certified = {c.board_id for c in user.active_certifications}
    if is_moderator(user) or None in certified:
        return queryset
    return queryset.filter(board_id__in=moderated_board_ids(user) | certified)


def can_view_response_times(user: User) -> bool:
    """First-response numbers: moderators of any scope and managers."""
    return is_manager(user) or can_view_moderation_queue(user)
