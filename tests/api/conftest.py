import pytest
from rest_framework.test import APIClient

from accounts.services import create_api_token


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_for():
    def make(user) -> str:
        return create_api_token(user, name="tests")[1]

    return make


@pytest.fixture
def api_as(api, token_for):
    """An API client authenticated with a personal token of ``user``."""

    def as_user(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return as_user
