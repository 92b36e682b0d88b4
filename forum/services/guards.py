"""Checks every write path shares, so each answers the same way."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from forum import permissions


def refuse_suspended(user: User) -> None:
    """Raise PermissionDenied with the reason and end date if ``user`` is suspended
    or banned."""
    if permissions.is_suspended(user):
        raise PermissionDenied(user.suspension_notice)
