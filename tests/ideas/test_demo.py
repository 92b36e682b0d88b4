import pytest
from django.db.models import Count

from demo import seed
from demo.ideas import IDEAS, seed_ideas
from forum.ideas.models import Idea, IdeaBoard
from forum.moderation import flood
from forum.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ideas(db):
    seed.seed_accounts()
    with flood.exempt():
        seed_ideas()


def test_the_demo_has_idea_boards_with_voted_and_commented_ideas(demo_ideas):
    assert IdeaBoard.objects.count() == 3
    assert Idea.objects.count() == len(IDEAS)
    assert Idea.objects.filter(vote_count__gte=5).count() >= 3
    assert Idea.objects.filter(comment_count__gt=0).exists()
    assert Notification.objects.filter(kind=NotificationKind.IDEA_COMMENT).exists()


def test_demo_vote_counts_equal_their_rows(demo_ideas):
    for idea in Idea.objects.annotate(rows=Count("votes")):
        assert idea.vote_count == idea.rows


def test_seeding_the_ideas_twice_adds_nothing(demo_ideas):
    with flood.exempt():
        seed_ideas()

    assert Idea.objects.count() == len(IDEAS)
