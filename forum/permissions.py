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
    from forum.models import Board


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


def can_edit_deflection_settings(user: User) -> bool:
    """The cost of an assisted contact (and its currency): managers and
    administrators, who read the report it feeds."""
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
