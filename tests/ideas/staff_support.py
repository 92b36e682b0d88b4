"""Helpers shared by the idea staff tests."""

from forum.ideas.models import Idea, IdeaFollow, IdeaVote
from tests.factories import IdeaFactory, UserFactory


def vote(idea: Idea, *users) -> Idea:
    """Votes for ``idea`` by ``users`` (who then follow it, as voting does), with
    its count recounted from the rows."""
    for user in users:
        IdeaVote.objects.create(idea=idea, user=user)
        IdeaFollow.objects.get_or_create(idea=idea, user=user)
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=IdeaVote.objects.filter(idea=idea).count()
    )
    idea.refresh_from_db()
    return idea


def idea_with_votes(count: int, **kwargs) -> Idea:
    return vote(IdeaFactory(**kwargs), *UserFactory.create_batch(count))
