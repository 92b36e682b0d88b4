"""Fixtures for the idea exchange's tests: an idea board and an idea posted
through the services, so its counters and follows start exact."""

import pytest

from forum.ideas import services
from forum.ideas.models import Idea
from tests.factories import IdeaBoardFactory, UserFactory


@pytest.fixture
def idea_board(db):
    return IdeaBoardFactory(name="App and My Account", slug="app-and-account")


@pytest.fixture
def idea(idea_board, customer) -> Idea:
    return services.post_idea(
        board=idea_board,
        by=customer,
        title="Show data usage per day in the app",
        body="A daily chart would stop bill shock.",
        tags=["app", "data"],
    )


def post_ideas(board, count: int, **fields) -> list[Idea]:
    """``count`` ideas by one author, through the service; ``fields`` are then
    set on all of them (a status, say)."""
    author = UserFactory()
    ideas = [
        services.post_idea(
            board=board,
            by=author,
            title=f"Idea number {n} for the app",
            body=f"Details of idea {n}.",
            tags=[f"tag{n % 3}", "app"],
        )
        for n in range(count)
    ]
    if fields:
        Idea.objects.filter(pk__in=[i.pk for i in ideas]).update(**fields)
    return ideas


def vote_by_many(idea: Idea, count: int) -> None:
    for _ in range(count):
        services.vote_for_idea(idea, by=UserFactory())
