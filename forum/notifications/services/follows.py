"""Following boards and tags (thread follows are in forum.services)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from taggit.models import Tag

from accounts.models import User
from forum import permissions
from forum.models import Board
from forum.notifications.models import BoardFollow, TagFollow


def _create_once(model, **fields) -> bool:
    """Insert a unique row; False when it already existed (even under a race)."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def follow_board(board: Board, *, by: User) -> bool:
    """Follow a board's new threads; True if new. Raises PermissionDenied."""
    if not permissions.can_follow_board(by, board):
        raise PermissionDenied("Sign in to follow boards.")
    return _create_once(BoardFollow, board=board, user=by)


def unfollow_board(board: Board, *, by: User) -> bool:
    """Stop following a board; True if the member was following."""
    deleted, _ = BoardFollow.objects.filter(board=board, user=by).delete()
    return bool(deleted)


def follow_tag(tag: Tag, *, by: User) -> bool:
    """Follow new threads with a tag; True if new. Raises PermissionDenied."""
    if not permissions.can_follow_tag(by, tag):
        raise PermissionDenied("Sign in to follow tags.")
    return _create_once(TagFollow, tag=tag, user=by)


def unfollow_tag(tag: Tag, *, by: User) -> bool:
    """Stop following a tag; True if the member was following."""
    deleted, _ = TagFollow.objects.filter(tag=tag, user=by).delete()
    return bool(deleted)
