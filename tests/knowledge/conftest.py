import pytest

from forum.knowledge import services
from tests.factories import ArticleCategoryFactory, UserFactory


@pytest.fixture
def category(db):
    return ArticleCategoryFactory(name="NBN & Internet", slug="nbn")


@pytest.fixture
def author(expert):
    """A knowledge author: a certified expert."""
    return expert


@pytest.fixture
def reviewer(moderator):
    return moderator


@pytest.fixture
def draft(author, category, board):
    return services.create_article(
        by=author,
        category=category,
        title="Setting up your NBN modem",
        body="1. Plug in the modem.\n2. Wait for the lights.",
        summary="Steps to connect a new modem.",
        tags=["modem", "nbn"],
        boards=[board],
    )


@pytest.fixture
def in_review(draft, author):
    return services.submit_article(draft, by=author)


@pytest.fixture
def published(in_review, reviewer):
    return services.publish_article(in_review, by=reviewer)


@pytest.fixture
def archived(published, reviewer):
    return services.archive_article(published, by=reviewer)


@pytest.fixture
def other_author(db):
    from tests.factories import ExpertCertificationFactory

    user = UserFactory(username="olivia")
    ExpertCertificationFactory(user=user, board=None, title="Expert")
    return user
