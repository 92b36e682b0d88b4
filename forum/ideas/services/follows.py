"""Following an idea: its status changes and comments reach the follower."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.ideas.models import Idea, IdeaFollow
from forum.ideas.services.common import create_once


def follow_idea(idea: Idea, *, by: User) -> bool:
    """Follow an idea; True if newly followed. Raises PermissionDenied."""
    if not permissions.can_follow_idea(by, idea):
        raise PermissionDenied(_("Sign in to follow ideas."))
    return create_once(IdeaFollow, idea=idea, user=by)


def unfollow_idea(idea: Idea, *, by: User) -> bool:
    """Stop following an idea; True if there was a follow to end."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Sign in to follow ideas."))
    deleted, _counts = IdeaFollow.objects.filter(idea=idea, user=by).delete()
    return bool(deleted)
