"""Roles, ranks and certifications, the loading of a member's roles, and the rules
that follow from a role alone (reports, search tools, the Django admin)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.functional import empty

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import ExpertCertification, User
    from forum.models import Board


# The one role ordering: nobody suspends or bans someone of an equal or higher rank.
ROLE_RANK = {
    Role.CUSTOMER: 0,
    Role.MODERATOR: 1,
    Role.MANAGER: 1,
    # Company staff: moderators do not suspend support agents.
    Role.AGENT: 1,
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
    if "active_certifications" not in user.__dict__:
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
    """Make a write service read its acting member (``by``, ``author`` or
    ``owner``) from the database before it checks them: pages read roles from the
    cache for up to ten minutes, and a revoked moderator must not act for as long."""

    @functools.wraps(service)
    def with_roles_from_database(*args, **kwargs):
        for actor in ("by", "author", "owner"):
            if actor in kwargs:
                load_roles_from_database(kwargs[actor])
        return service(*args, **kwargs)

    return with_roles_from_database
