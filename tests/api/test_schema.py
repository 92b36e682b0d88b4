"""The live OpenAPI schema, exercised by schemathesis as four kinds of client: every
operation, generated inputs, no server errors and no answer the schema doesn't
describe."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from forum import services
from tests.factories import BoardFactory, ExpertCertificationFactory, UserFactory

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json", get_wsgi_application()
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI app must not close the connection that
    holds the test's transaction at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def community(db):
    """A little content for generated ids to hit now and then."""
    board = BoardFactory(slug="mobile")
    asker, helper = UserFactory(), UserFactory()
    thread = services.create_thread(
        board=board,
        author=asker,
        title="eSIM won't activate",
        body="Help?",
        tags="esim",
    )
    services.post_reply(thread, author=helper, body="Remove the old profile.")
    return board


@pytest.fixture(params=["anonymous", "customer", "expert", "moderator"])
def client_headers(request, community):
    from accounts.services import create_api_token

    if request.param == "anonymous":
        return {}
    user = UserFactory(
        role=Role.MODERATOR if request.param == "moderator" else "customer"
    )
    if request.param == "expert":
        ExpertCertificationFactory(user=user, board=community)
    return {"Authorization": f"Token {create_api_token(user, name='schema')[1]}"}


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_conforms_to_the_schema(case, client_headers):
    case.call_and_validate(headers=client_headers, checks=CHECKS)
