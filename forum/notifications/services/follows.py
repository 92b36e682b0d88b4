"""Following boards and tags (thread follows are in forum.services)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from taggit.models import Tag

from accounts.models import User
from forum import permissions
from forum.models import Board
from forum.notifications.models import BoardFollow, TagFollow
from forum.services.reactions import create_once


def follow_board(board: Board, *, by: User) -> bool:
    """Follow a board's new threads; True if new. Raises PermissionDenied."""
    if not permissions.can_follow_board(by, board):
        raise PermissionDenied(_("Sign in to follow boards."))
    return create_once(BoardFollow, board=board, user=by)


def unfollow_board(board: Board, *, by: User) -> bool:
    """Stop following a board; True if the member was following."""
    deleted, _by_model = BoardFollow.objects.filter(board=board, user=by).delete()
    return bool(deleted)


def follow_tag(tag: Tag, *, by: User) -> bool:
    """Follow new threads with a tag; True if new. Raises PermissionDenied."""
    if not permissions.can_follow_tag(by, tag):
        raise PermissionDenied(_("Sign in to follow tags."))
    return create_once(TagFollow, tag=tag, user=by)


def unfollow_tag(tag: Tag, *, by: User) -> bool:
    """Stop following a tag; True if the member was following."""
    deleted, _by_model = TagFollow.objects.filter(tag=tag, user=by).delete()
    return bool(deleted)
