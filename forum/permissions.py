"""Every "may this user do X to Y?" answer in one place.

Views, the API and templates (through ``{% can %}``) all ask these functions, so each
rule is written once. Predicates read only what the caller already loaded: the user's
role, certifications (``User.active_certifications``) and moderated boards
(``moderated_board_ids``), each one query per request at most, and the objects
passed in. Queryset twins sit beside their predicates so they change together.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import empty

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import ExpertCertification, User
    from forum.models import Board, Post, Thread


# The one role ordering: nobody suspends or bans someone of an equal or higher rank.
ROLE_RANK = {
    Role.CUSTOMER: 0,
    Role.MODERATOR: 1,
    Role.MANAGER: 1,
    Role.ADMINISTRATOR: 2,
}


def unwrapped_user(user):
    """The user behind ``request.user``'s lazy wrapper (loaded now), or ``user``
    itself. What is read once per request (roles, certifications) is kept on the
    user object, and a wrapper would keep it on itself instead, to be read again
    through the other; each attribute through the wrapper is slower too."""
    if user is None:
        return None
    user.is_authenticated  # noqa: B018 - loads a lazily wrapped user
    wrapped = getattr(user, "_wrapped", empty)
    return user if wrapped is empty else wrapped


def _is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _may_write(user) -> bool:
    """Signed in and neither suspended nor banned: every write path asks this."""
    return _is_member(user) and not user.is_suspended


def role_rank(user: User) -> int:
    """Where the user stands in ``ROLE_RANK``; superusers rank as administrators."""
    if user.is_superuser:
        return ROLE_RANK[Role.ADMINISTRATOR]
    return ROLE_RANK.get(user.role, 0)


def is_suspended(user: User) -> bool:
    """A signed-in member who is banned or suspended until a future time."""
    return _is_member(user) and user.is_suspended


def is_administrator(user: User) -> bool:
    """Superusers, who also hold the administrator role."""
    return _is_member(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def is_moderator(user: User) -> bool:
    """Global moderators: the moderator role and administrators curate every
    board (board moderators are ``moderated_board_ids``)."""
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


def can_edit_deflection_settings(user: User) -> bool:
    """The cost of an assisted contact (and its currency): managers and
    administrators, who read the report it feeds."""
    return is_manager(user)


def can_manage_search(user: User) -> bool:
    """Edit search synonyms and promoted answers: moderators and managers."""
    return _may_write(user) and (is_moderator(user) or is_manager(user))


def can_explain_search(user: User) -> bool:
    """See why each search result ranked where it did: those who tune search."""
    return can_manage_search(user)


def can_certify_experts(user: User) -> bool:
    """Moderators and managers certify experts (DESIGN: "how they get the role"),
    never while suspended."""
    return _may_write(user) and (is_moderator(user) or is_manager(user))


def can_assign_roles(user: User) -> bool:
    """Only administrators grant moderator, manager or administrator roles."""
    return is_administrator(user)


def can_assign_role(user: User, member: User) -> bool:
    """Administrators set other members' roles, never their own (so nobody takes
    the admin away from themselves halfway through a change)."""
    return can_assign_roles(user) and member.pk != user.pk


# --- The Django admin ----------------------------------------------------------
# The admin is one more doorway into the services: each ModelAdmin asks these (and
# the predicates above) in its ``has_*_permission`` methods.


def can_use_admin(user: User) -> bool:
    """The Django admin is for administrators only."""
    return is_administrator(user) and user.is_staff


def can_configure_site(user: User) -> bool:
    """Boards, categories, the rank ladder, webhook endpoints, the delivery outbox
    and e-mail verification by hand: administrators, in the admin."""
    return can_use_admin(user)


def can_erase_account(user: User, member: User) -> bool:
    """An administrator erases someone else's account on request (members delete
    their own from their data page), never of an equal or higher rank."""
    return (
        can_use_admin(user)
        and member.pk != user.pk
        and role_rank(user) > role_rank(member)
    )


# --- Moderation scope ---------------------------------------------------------


def moderated_board_ids(user: User) -> frozenset[int]:
    """Boards the user moderates through board-moderator records (global moderators
    need none); loaded once per user object, with the certifications."""
    if not _is_member(user):
        return frozenset()
    user = unwrapped_user(user)
    if "_moderated_board_ids" not in user.__dict__:
        _load_roles(user)
    return user.__dict__["_moderated_board_ids"]


def roles_entry(user: User) -> tuple[list[str], tuple]:
    """Where the member's roles are cached: (scope, name) for forum.caching."""
    from forum import caching

    return [caching.SITE], ("roles", user.pk)


def _load_roles(user: User) -> None:
    """Read the user's board-moderator records and certifications together, from
    the cache while the site's generation stands (a grant or revocation renews it),
    so a signed-in page asks the database for neither."""
    from django.utils import timezone

    from forum import caching
    from forum.moderation.models import BoardModerator

    def read() -> dict:
        boards = BoardModerator.objects.filter(user=user).values_list("board_id")
        return {
            "boards": frozenset(pk for (pk,) in boards),
            "certifications": list(user.certifications.all()),
        }

    roles = caching.remember(*roles_entry(user), read, timeout=caching.ROLES_SECONDS)
    user.__dict__["_moderated_board_ids"] = roles["boards"]
    prefetched = getattr(user, "_prefetched_objects_cache", {})
    if "active_certifications" not in user.__dict__ and "certifications" not in (
        prefetched
    ):
        # Expiry is checked here, at use, so a cached list never outlives it.
        now = timezone.now()
        user.__dict__["active_certifications"] = [
            c for c in roles["certifications"] if c.is_active(now)
        ]


# What a write service re-reads of the acting member (``load_roles_from_database``).
ROLE_FIELDS = ["role", "is_active", "is_superuser", "is_staff"]
SUSPENSION_FIELDS = ["suspended_until", "is_banned", "suspension_reason"]


def load_roles_from_database(user: User) -> None:
    """Re-read the member's role, suspension, board-moderator records and
    certifications from the database, past any cached copy: write services ask
    this first (``roles_from_database``), so a revoked role stops acting at once
    while pages may still show it for a while."""
    from forum.moderation.models import BoardModerator

    user = unwrapped_user(user)
    if not (user and user.is_authenticated):
        return
    user.refresh_from_db(fields=[*ROLE_FIELDS, *SUSPENSION_FIELDS])
    boards = BoardModerator.objects.filter(user=user).values_list("board_id")
    user.__dict__["_moderated_board_ids"] = frozenset(pk for (pk,) in boards)
    certifications = user.certifications.model.objects.filter(user=user)
    now = timezone.now()
    user.__dict__["active_certifications"] = [
        c for c in certifications if c.is_active(now)
    ]


def roles_from_database(service):
    """Make a write service read its acting member (its ``by`` or ``author``) from
    the database before it checks them: pages read roles from the cache for up to
    ten minutes, and a revoked moderator must not act for as long."""

    @functools.wraps(service)
    def with_roles_from_database(*args, **kwargs):
        for actor in ("by", "author"):
            if actor in kwargs:
                load_roles_from_database(kwargs[actor])
        return service(*args, **kwargs)

    return with_roles_from_database


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


# --- Threads and posts ------------------------------------------------------------


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


def can_start_thread(user: User, board: Board) -> bool:
    """Any signed-in member who is not suspended may ask in any board."""
    return _may_write(user)


def can_reply(user: User, thread: Thread) -> bool:
    """Members reply to visible, approved, unlocked threads; the board's moderators
    even to locked ones."""
    if not _may_write(user) or not can_view_thread(user, thread):
        return False
    if can_moderate_board(user, thread.board):
        return True
    return thread.is_approved and not thread.is_locked


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
            "Only the asker, a certified expert or a moderator can accept a solution."
        )
    if thread.is_locked or thread.is_hidden:
        raise PermissionDenied("This thread is closed.")
    if capacity != AcceptedAs.ASKER and post.author_id == user.pk:
        raise PermissionDenied(
            "Nobody verifies their own answer: the asker, another expert or a "
            "moderator can accept it."
        )
    if not thread.board.is_questions:
        raise ValidationError("Discussion threads don't have solutions.")
    if post.pk == thread.first_post_id:
        raise ValidationError("The question can't be its own solution.")
    if post.is_hidden:
        raise ValidationError("A hidden reply can't be the solution.")
    if not post.is_approved:
        raise ValidationError("A reply waiting for approval can't be the solution.")
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


# --- Notifications and follows ----------------------------------------------------


def users_who_may_be_notified(queryset):
    """The members among ``queryset`` who may receive notifications: active accounts
    that are neither banned nor suspended (their banner already says why). Twin of
    ``can_be_notified``; change them together."""
    from django.db.models import Q
    from django.utils import timezone

    return queryset.filter(is_active=True, is_banned=False).filter(
        Q(suspended_until__isnull=True) | Q(suspended_until__lte=timezone.now())
    )


def can_be_notified(user: User) -> bool:
    """Whether this member may receive notifications at all."""
    return bool(
        user is not None and user.pk and user.is_active and not user.is_suspended
    )


def can_view_notification(user: User, notification) -> bool:
    """A notification exists only for its recipient."""
    return _is_member(user) and notification.recipient_id == user.pk


def can_follow_board(user: User, board: Board) -> bool:
    """Any member may follow any board."""
    return _is_member(user)


def can_follow_tag(user: User, tag) -> bool:
    """Any member may follow any tag."""
    return _is_member(user)


def is_helpdesk_request(request) -> bool:
    """Whether the request carries the helpdesk integration's token
    (``Authorization: Token <HELPDESK_API_TOKEN>``); an unset token disables it."""
    import hmac

    from forum.deflection import conf

    expected = conf.helpdesk_api_token()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(expected)
        and scheme == "Token"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )
