"""Every "may this user do X to Y?" answer in one place.

Views, the API and templates (through ``{% can %}``) all ask these functions, so each
rule is written once. Predicates read only what the caller already loaded: the user's
role and certifications (``User.active_certifications``, one query per request at most)
and the objects passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import ExpertCertification, User
    from forum.models import Board, Post, Thread


def _is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user: User) -> bool:
    """Superusers, who also hold the administrator role."""
    return _is_member(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def is_moderator(user: User) -> bool:
    """Moderators and administrators curate every board."""
    return _is_member(user) and (user.role == Role.MODERATOR or is_administrator(user))


def is_manager(user: User) -> bool:
    """Managers read the reports; administrators may too."""
    return _is_member(user) and (user.role == Role.MANAGER or is_administrator(user))


def expert_certification_for(
    user: User, board: Board | None
) -> ExpertCertification | None:
    """The user's unexpired certification covering this board (an all-boards one
    counts), or None."""
    if not _is_member(user) or board is None:
        return None
    for certification in user.active_certifications:
        if certification.covers(board):
            return certification
    return None


def is_expert_for(user: User, board: Board | None) -> bool:
    """Whether the user holds an unexpired certification covering the board."""
    return expert_certification_for(user, board) is not None


def can_view_reports(user: User) -> bool:
    """Managers' reports: managers and administrators."""
    return is_manager(user)


def can_certify_experts(user: User) -> bool:
    """Moderators and managers certify experts (DESIGN: "how they get the role")."""
    return is_moderator(user) or is_manager(user)


def can_assign_roles(user: User) -> bool:
    """Only administrators grant moderator, manager or administrator roles."""
    return is_administrator(user)


def can_use_admin(user: User) -> bool:
    """The Django admin is for administrators only."""
    return is_administrator(user) and user.is_staff


# --- Threads and posts ------------------------------------------------------------


def threads_visible_to(user: User, queryset=None):
    """The threads this user may see: hidden ones only for moderators.
    Twin of ``can_view_thread``; change them together."""
    from forum.models import Thread

    queryset = Thread.objects.all() if queryset is None else queryset
    return queryset if is_moderator(user) else queryset.filter(is_hidden=False)


def can_view_thread(user: User, thread: Thread) -> bool:
    """Hidden threads exist only for moderators."""
    return not thread.is_hidden or is_moderator(user)


def posts_visible_to(user: User, queryset):
    """The posts this user may see in a thread. Twin of ``can_view_post``."""
    return queryset if is_moderator(user) else queryset.filter(is_hidden=False)


def can_view_post(user: User, post: Post) -> bool:
    """Hidden posts exist only for moderators."""
    return (not post.is_hidden or is_moderator(user)) and can_view_thread(
        user, post.thread
    )


def can_start_thread(user: User, board: Board) -> bool:
    """Any signed-in member may ask in any board."""
    return _is_member(user)


def can_reply(user: User, thread: Thread) -> bool:
    """Members reply to visible, unlocked threads; moderators even to locked ones."""
    if not _is_member(user) or not can_view_thread(user, thread):
        return False
    return not thread.is_locked or is_moderator(user)


def can_edit_post(user: User, post: Post) -> bool:
    """Authors edit their own posts while the thread is open; moderators any post."""
    if is_moderator(user):
        return True
    return (
        _is_member(user)
        and post.author_id == user.pk
        and not post.is_hidden
        and not post.thread.is_locked
        and not post.thread.is_hidden
    )


def can_give_kudos(user: User, post: Post) -> bool:
    """Kudos go to visible posts by someone else."""
    return (
        _is_member(user)
        and post.author_id != user.pk
        and not post.is_hidden
        and not post.thread.is_hidden
    )


def can_me_too(user: User, thread: Thread) -> bool:
    """ "Me too" is for other members' questions in question boards."""
    return (
        _is_member(user)
        and thread.author_id != user.pk
        and thread.board.is_questions
        and not thread.is_hidden
        and not thread.is_locked
    )


def can_follow_thread(user: User, thread: Thread) -> bool:
    """Any member may follow a thread they can see."""
    return _is_member(user) and can_view_thread(user, thread)


def accepting_capacity(user: User, thread: Thread) -> str | None:
    """In what capacity this user may accept on this thread (asker, moderator or
    expert), or None. Ignores the thread's state."""
    from forum.models import AcceptedAs

    if not _is_member(user):
        return None
    # On their own question people accept as the asker, whatever else they are:
    # "expert verified" means someone independent vouched for the answer.
    if thread.author_id == user.pk:
        return AcceptedAs.ASKER
    if is_moderator(user):
        return AcceptedAs.MODERATOR
    if is_expert_for(user, thread.board):
        return AcceptedAs.EXPERT
    return None


def can_accept_solution(user: User, post: Post) -> bool:
    """The asker, an unexpired expert for the board, or a moderator may accept a
    visible reply in an open question thread."""
    thread = post.thread
    return (
        thread.board.is_questions
        and not thread.is_locked
        and not thread.is_hidden
        and not post.is_hidden
        and post.pk != thread.first_post_id
        and post.pk != thread.solution_post_id
        and accepting_capacity(user, thread) is not None
    )


def can_unaccept_solution(user: User, thread: Thread) -> bool:
    """Whoever may accept on the thread may also take the acceptance back."""
    return (
        thread.is_solved
        and not thread.is_locked
        and not thread.is_hidden
        and accepting_capacity(user, thread) is not None
    )


# --- Notifications and follows ----------------------------------------------------


def users_who_may_be_notified(queryset):
    """The members among ``queryset`` who may receive notifications: active accounts
    (a ban deactivates one). Twin of ``can_be_notified``; change them together."""
    return queryset.filter(is_active=True)


def can_be_notified(user: User) -> bool:
    """Whether this member may receive notifications at all."""
    return bool(user is not None and user.pk and user.is_active)


def can_view_notification(user: User, notification) -> bool:
    """A notification exists only for its recipient."""
    return _is_member(user) and notification.recipient_id == user.pk


def can_follow_board(user: User, board: Board) -> bool:
    """Any member may follow any board."""
    return _is_member(user)


def can_follow_tag(user: User, tag) -> bool:
    """Any member may follow any tag."""
    return _is_member(user)
