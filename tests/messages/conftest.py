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


@pytest.fixture
def api_as(db):
    """An API client authenticated with a personal token of ``user``."""
    from rest_framework.test import APIClient

    from accounts.services import create_api_token

    def as_user(user) -> "APIClient":
        client = APIClient()
        token = create_api_token(user, name="tests")[1]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return as_user
