import pytest

from forum import services
from forum.moderation.models import BoardModerator
from tests.factories import NewUserFactory, UserFactory


@pytest.fixture
def board_moderator(db, board):
    """A customer who moderates ``board`` only."""
    user = UserFactory(username="bea")
    BoardModerator.objects.create(user=user, board=board)
    return user


@pytest.fixture
def newcomer(db):
    """A member who signed up a minute ago."""
    return NewUserFactory(username="nina")


@pytest.fixture
def pending_reply(db, question, newcomer):
    """A newcomer's first reply to ``question``: it waits for approval."""
    return services.post_reply(
        question, author=newcomer, body="Have you tried turning it off and on?"
    )


@pytest.fixture
def flaggers(db):
    return [UserFactory(username=f"flagger{n}") for n in range(5)]
