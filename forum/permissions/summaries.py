"""Who may receive the managers' scheduled report summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.permissions.roles import _may_write, can_view_reports

if TYPE_CHECKING:
    from accounts.models import User


def can_subscribe_to_reports(user: User) -> bool:
    """Subscribe to (and keep receiving) the weekly or monthly summary: whoever may
    read the reports it summarises, while not suspended. Sending asks it again, so
    a member who loses the role stops receiving them."""
    return _may_write(user) and can_view_reports(user)
