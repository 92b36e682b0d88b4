import pytest

from forum.messages import services
from tests.factories import UserFactory


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def chris(db):
    return UserFactory(username="chris")


@pytest.fixture
def conversation(alice, bob):
    return services.start_conversation(
        by=alice, recipients=[bob], subject="About your router", body="Hi Bob, hello."
    )
