"""Threads and posts: who sees them (the queryset twins beside their predicates),
who writes, gives kudos, flags, follows and accepts a solution."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from forum.permissions.moderation import (
    _sees_board,
    can_moderate_board,
    can_moderate_post,
)
from forum.permissions.roles import (
    ROLE_RANK,
    _is_member,
    _may_write,
    is_expert_for,
    is_moderator,
    moderated_board_ids,
    role_rank,
)

VERIFIED_CUSTOMERS_ONLY = _(
    "Only verified customers can post in this board. Sign in with your company "
    "account to be recognised as one."
)

if TYPE_CHECKING:
    from accounts.models import User
    from forum.models import Board, Post, Thread


def _visible(user: User, *, board_field: str) -> Q:
    """Public rows, the member's own rows waiting for approval, and everything in
    boards the member moderates."""
    visible = Q(is_hidden=False, is_approved=True)
    if _is_member(user):
        visible |= Q(is_hidden=False, is_approved=False, author_id=user.pk)
        if boards := moderated_board_ids(user):
            visible |= Q(**{f"{board_field}__in": boards})
    return visible


def threads_visible_to(user: User, queryset=None):
    """The threads this user may open: public ones, their own awaiting approval,
    and all in boards they moderate. Twin of ``can_view_thread``."""
    from forum.models import Thread

    queryset = Thread.objects.all() if queryset is None else queryset
    if is_moderator(user):
        return queryset
    return queryset.filter(_visible(user, board_field="board_id"))


def threads_listed_for(user: User, queryset=None):
    """Threads that appear in lists and feeds: the visible ones minus those waiting
    for approval (they belong in the moderation queue). Plain members get the
    public filter alone, which the list indexes cover."""
    from forum.models import Thread

    queryset = Thread.objects.all() if queryset is None else queryset
    if not lists_only_public_threads(user):
        return threads_visible_to(user, queryset).filter(is_approved=True)
    return queryset.filter(is_hidden=False, is_approved=True)


def lists_only_public_threads(user: User) -> bool:
    """Whether the user's thread lists are the public ones everybody sees (so one
    rendering serves them all)."""
    return not (is_moderator(user) or moderated_board_ids(user))


def _is_public(row) -> bool:
    return not row.is_hidden and row.is_approved


def _shown_to(user: User, row, board_id: int) -> bool:
    if _is_public(row):
        return True
    if not row.is_hidden and _is_member(user) and row.author_id == user.pk:
        return True
    return _is_member(user) and _sees_board(user, board_id)


def can_view_thread(user: User, thread: Thread) -> bool:
    """Hidden threads exist only for the board's moderators; threads awaiting
    approval also for their author."""
    return _shown_to(user, thread, thread.board_id)


def posts_visible_to(user: User, queryset):
    """The posts this user may see. Twin of ``can_view_post``."""
    if is_moderator(user):
        return queryset
    return queryset.filter(_visible(user, board_field="thread__board_id"))


def sees_only_public_posts(
    user: User, thread: Thread, *, authors_awaiting_approval: frozenset[int]
) -> bool:
    """Whether ``posts_visible_to`` leaves this user only the thread's public
    posts: not one of its board's moderators, nor the author of a post in it that
    waits for approval."""
    if _sees_board(user, thread.board_id):
        return False
    return not (_is_member(user) and user.pk in authors_awaiting_approval)


def can_view_post(user: User, post: Post) -> bool:
    """Hidden posts exist only for the board's moderators; posts awaiting approval
    also for their author."""
    thread = post.thread
    return _shown_to(user, post, thread.board_id) and can_view_thread(user, thread)


def can_compose(user: User) -> bool:
    """The composer's preview and @mention completion serve those who may write."""
    return _may_write(user)


def may_post_in_board(user: User, board: Board) -> bool:
    """A board may be for verified customers only (``posting_requires_verified_
    customer``): then only they, staff (moderators, managers, administrators) and
    the board's moderators post there. No query beyond the cached moderator ids."""
    if not board.posting_requires_verified_customer:
        return True
    return (
        user.is_verified_customer
        or role_rank(user) >= ROLE_RANK[Role.MODERATOR]
        or can_moderate_board(user, board)
    )


def check_post_in_board(user: User, board: Board) -> None:
    """Raises PermissionDenied, saying why, when the board is for verified
    customers only and ``user`` is not one."""
    if _may_write(user) and not may_post_in_board(user, board):
        raise PermissionDenied(VERIFIED_CUSTOMERS_ONLY)


def can_start_thread(user: User, board: Board) -> bool:
    """Any signed-in member who is not suspended may ask, in boards for verified
    customers only if they are one (or staff); nobody in an archived board."""
    if board.archived_at is not None:
        return False
    return _may_write(user) and may_post_in_board(user, board)


def can_reply(user: User, thread: Thread) -> bool:
    """Members reply to visible, approved, unlocked threads; the board's moderators
    even to locked ones."""
    if not _may_write(user) or not can_view_thread(user, thread):
        return False
    if can_moderate_board(user, thread.board):
        return True
    if not may_post_in_board(user, thread.board):
        return False
    return thread.is_approved and not thread.is_locked


def can_reply_by_email(user: User, thread: Thread) -> bool:
    """An e-mailed answer follows the page's rules, except that a hidden or locked
    thread is closed to e-mail even for its moderators, who can still answer on the
    page: a lock is rarely meant to be answered from a mailbox (Discourse agrees)."""
    return not thread.is_hidden and not thread.is_locked and can_reply(user, thread)


def can_edit_post(user: User, post: Post) -> bool:
    """Authors edit their own posts while the thread is open; the board's
    moderators any post."""
    if can_moderate_post(user, post):
        return True
    return (
        _may_write(user)
        and post.author_id == user.pk
        and not post.is_hidden
        and not post.thread.is_locked
        and not post.thread.is_hidden
    )


def can_give_kudos(user: User, post: Post) -> bool:
    """Kudos go to public posts by someone else."""
    return (
        _may_write(user)
        and post.author_id != user.pk
        and _is_public(post)
        and not post.thread.is_hidden
    )


def can_flag_post(user: User, post: Post) -> bool:
    """Members flag the posts they could give kudos to; the board's moderators act
    instead of flagging."""
    return can_give_kudos(user, post) and not can_moderate_post(user, post)


def can_me_too(user: User, thread: Thread) -> bool:
    """ "Me too" is for other members' questions in question boards."""
    return (
        _may_write(user)
        and thread.author_id != user.pk
        and thread.board.is_questions
        and not thread.is_hidden
        and thread.is_approved
        and not thread.is_locked
    )


def can_follow_thread(user: User, thread: Thread) -> bool:
    """Any member may follow a thread they can see."""
    return _is_member(user) and can_view_thread(user, thread)


def accepting_capacity(user: User, thread: Thread) -> str | None:
    """In what capacity this user may accept on this thread (asker, moderator or
    expert), or None. Ignores the thread's state."""
    from forum.models import AcceptedAs

    if not _may_write(user):
        return None
    # On their own question people accept as the asker, whatever else they are:
    # "expert verified" means someone independent vouched for the answer.
    if thread.author_id == user.pk:
        return AcceptedAs.ASKER
    if can_moderate_board(user, thread.board):
        return AcceptedAs.MODERATOR
    if is_expert_for(user, thread.board):
        return AcceptedAs.EXPERT
    return None


def check_accept_solution(user: User, post: Post) -> str:
    """The one accept rule: the asker, an unexpired expert for the board or a
    moderator may accept a visible, approved reply in an open question thread, but
    nobody accepts their own reply except the asker (who accepts as the asker, never
    as a verifier). Returns the capacity the user would accept in; raises
    PermissionDenied or ValidationError saying why not."""
    from forum.models import AcceptedAs

    thread = post.thread
    capacity = accepting_capacity(user, thread)
    if capacity is None:
        raise PermissionDenied(
            gettext(
                "Only the asker, a certified expert or a moderator can accept a "
                "solution."
            )
        )
    if thread.is_locked or thread.is_hidden:
        raise PermissionDenied(gettext("This thread is closed."))
    if capacity != AcceptedAs.ASKER and post.author_id == user.pk:
        raise PermissionDenied(
            gettext(
                "Nobody verifies their own answer: the asker, another expert or a "
                "moderator can accept it."
            )
        )
    if not thread.board.is_questions:
        raise ValidationError(gettext("Discussion threads don't have solutions."))
    if post.pk == thread.first_post_id:
        raise ValidationError(gettext("The question can't be its own solution."))
    if post.is_hidden:
        raise ValidationError(gettext("A hidden reply can't be the solution."))
    if not post.is_approved:
        raise ValidationError(
            gettext("A reply waiting for approval can't be the solution.")
        )
    return capacity


def can_accept_solution(user: User, post: Post) -> bool:
    """Whether ``check_accept_solution`` allows it, for a reply that is not the
    solution already (the page offers no button to accept it again)."""
    if post.pk == post.thread.solution_post_id:
        return False
    try:
        check_accept_solution(user, post)
    except (PermissionDenied, ValidationError):
        return False
    return True


def can_unaccept_solution(user: User, thread: Thread) -> bool:
    """Whoever may accept on the thread may also take the acceptance back."""
    return (
        thread.is_solved
        and not thread.is_locked
        and not thread.is_hidden
        and accepting_capacity(user, thread) is not None
    )
