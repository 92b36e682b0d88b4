"""Votes: one per member per idea, withdrawable, counted exactly under races."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.ideas.models import Idea, IdeaFollow, IdeaVote
from forum.ideas.services.common import create_once, lock_idea, refuse_closed
from forum.services.guards import refuse_suspended


def _check_vote(idea: Idea, *, by: User, doing: str) -> None:
    """Raise PermissionDenied with the reason when ``by`` may not vote here."""
    refuse_suspended(by)
    if permissions.can_vote_idea(by, idea):
        return
    if by.is_authenticated and idea.author_id == by.pk:
        raise PermissionDenied(_("You can't vote for your own idea."))
    refuse_closed(idea, doing=doing)
    raise PermissionDenied(_("Sign in to vote."))


@transaction.atomic
def vote_for_idea(idea: Idea, *, by: User) -> bool:
    """Vote for someone else's open idea and follow it; True if new, False if
    already voted. Raises PermissionDenied."""
    # The idea's row lock orders every vote on it, so a merge moving votes away
    # and a parallel vote never miss each other.
    idea = lock_idea(idea)
    _check_vote(idea, by=by, doing="voting")
    if not create_once(IdeaVote, idea=idea, user=by):
        return False
    Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") + 1)
    create_once(IdeaFollow, idea=idea, user=by)
    return True


@transaction.atomic
def withdraw_vote(idea: Idea, *, by: User) -> bool:
    """Take one's vote back; True if there was one. Raises PermissionDenied on an
    idea closed to votes (a merged idea's votes moved with it)."""
    idea = lock_idea(idea)
    _check_vote(idea, by=by, doing="voting")
    deleted, _counts = IdeaVote.objects.filter(idea=idea, user=by).delete()
    if not deleted:
        return False
    Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") - 1)
    return True
