import pytest

from demo.idea_statuses import answer_demo_ideas
from forum.ideas.models import IdeaStatus, IdeaStatusChange
from tests.factories import IdeaFactory
from tests.ideas.staff_support import idea_with_votes

pytestmark = pytest.mark.django_db


def test_the_demo_answers_use_every_status_and_merge_one_duplicate(manager):
    ideas = [idea_with_votes(n % 3) for n in range(8)]

    answered = answer_demo_ideas(ideas, staff=manager)

    statuses = {idea.status for idea in answered}
    assert statuses == set(IdeaStatus.values) - {"new"} | {"new"} & statuses
    assert {
        "planned",
        "in_progress",
        "delivered",
        "not_planned",
        "duplicate",
    } <= statuses
    duplicate = next(idea for idea in answered if idea.status == "duplicate")
    assert duplicate.merged_into_id == ideas[0].pk
    assert IdeaStatusChange.objects.filter(by=manager).count() >= 8


def test_the_demo_answers_need_eight_ideas(manager):
    with pytest.raises(ValueError, match="eight"):
        answer_demo_ideas([IdeaFactory()], staff=manager)
