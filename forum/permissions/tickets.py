"""Who reads and handles the tickets kept in the product (no helpdesk configured)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.permissions.roles import _may_write, is_manager, is_moderator

if TYPE_CHECKING:
    from accounts.models import User


def can_view_ticket_list(user: User) -> bool:
    """The community's ticket list and its tickets: moderators, who answer members
    every day, and managers, who own the support channel; administrators too."""
    return is_moderator(user) or is_manager(user)


def can_handle_ticket(user: User) -> bool:
    """Mark a kept ticket handled (or open again): who may read the list, while
    not suspended."""
    return _may_write(user) and can_view_ticket_list(user)
