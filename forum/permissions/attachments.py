"""Uploads and profile pictures: who uploads, how many a day, who sees a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.permissions.content import can_view_post
from forum.permissions.moderation import can_moderate_post
from forum.permissions.roles import _is_member, _may_write, is_moderator

if TYPE_CHECKING:
    from accounts.models import User


def can_upload(user: User) -> bool:
    """Signed-in members who may write upload files (their daily quota is counted
    by the upload service, ``upload_quota`` sets it)."""
    return _may_write(user)


def upload_quota(user: User) -> int:
    """Uploads a member may make in 24 hours: fewer on an account's first day (the
    trust rule that already holds for links), none for the suspended."""
    from forum.attachments import conf
    from forum.moderation.flood import is_new_account

    if not can_upload(user):
        return 0
    if is_new_account(user):
        return conf.first_day_quota()
    return conf.daily_quota()


def can_view_attachment(user: User, attachment) -> bool:
    """Whoever may see the post it belongs to; before that, only its uploader."""
    if attachment.post_id is None:
        return _is_member(user) and attachment.owner_id == user.pk
    return can_view_post(user, attachment.post)


def can_moderate_attachment(user: User, attachment) -> bool:
    """The moderators of the board its post is in."""
    return attachment.post_id is not None and can_moderate_post(user, attachment.post)


def can_change_avatar(user: User, member: User) -> bool:
    """Members change their own picture; moderators may remove anyone's."""
    return _may_write(user) and (user.pk == member.pk or is_moderator(user))
