"""The settings area (forum.console): who edits the site's look, defaults and boards.

Managers run the community day to day, so the look, the home page, the response
target, the cost of a contact, the board list and the rank ladder are theirs (and
administrators').
The moderation thresholds decide whose posts are held or hidden: a policy for whoever
runs the platform, so administrators only, and never the moderators who enforce them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.permissions.roles import _may_write, is_administrator, is_manager

if TYPE_CHECKING:
    from accounts.models import User


def can_edit_site_settings(user: User) -> bool:
    """The site's name, logo, favicon, colours, home page and response target:
    managers and administrators."""
    return _may_write(user) and is_manager(user)


def can_edit_moderation_thresholds(user: User) -> bool:
    """Flags to hide a post, premoderation of new accounts: administrators."""
    return _may_write(user) and is_administrator(user)


def can_manage_boards(user: User) -> bool:
    """Create, rename, reorder, archive and restore boards: managers and
    administrators."""
    return _may_write(user) and is_manager(user)


def can_edit_rank_ladder(user: User) -> bool:
    """Rename, re-point, add and remove the ranks shown beside members' names:
    managers and administrators."""
    return _may_write(user) and is_manager(user)


def can_open_settings_area(user: User) -> bool:
    """The settings area's pages: whoever may change any part of it."""
    return can_edit_site_settings(user) or can_edit_moderation_thresholds(user)
