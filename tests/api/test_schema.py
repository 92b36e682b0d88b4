"""The live OpenAPI schema, exercised by schemathesis as six kinds of client with
every check schemathesis has: every operation, generated valid and invalid inputs,
no server errors, no answer the schema doesn't describe, invalid input refused and
valid input accepted (with the exceptions, and their reasons, in schemathesis.toml
beside this file)."""

from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as SCHEMATHESIS_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.config import SchemathesisConfig

from accounts.models import Role
from forum import services
from tests.factories import BoardFactory, ExpertCertificationFactory, UserFactory

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_path(Path(__file__).with_name("schemathesis.toml")),
)
load_all_checks()
CHECKS = SCHEMATHESIS_CHECKS.get_all()


def test_every_check_schemathesis_has_is_run():
    assert {check.__name__ for check in CHECKS} >= {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
        "object_level_authorization",
    }


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


@pytest.fixture
def client_headers(request, community, settings):
    from accounts.services import create_api_token

    if request.param == "anonymous":
        return {}
    if request.param == "helpdesk":
        settings.HELPDESK_API_TOKEN = "helpdesk-schema-token"
        return {"Authorization": "Token helpdesk-schema-token"}
    roles = {"moderator": Role.MODERATOR, "manager": Role.MANAGER}
    user = UserFactory(role=roles.get(request.param, Role.CUSTOMER))
    if request.param == "expert":
        ExpertCertificationFactory(user=user, board=community)
    return {"Authorization": f"Token {create_api_token(user, name='schema')[1]}"}


def settings_with(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )


# Visitors and customers are most of the API's callers, and any attacker is one of
# them: they meet every operation with the most generated inputs. What the staff
# roles and the helpdesk add is what they may do, which fewer inputs show as well
# (and the suite's time stays in bounds).
@schema.parametrize()
@settings_with(12)
@pytest.mark.parametrize("client_headers", ["anonymous", "customer"], indirect=True)
def test_every_operation_conforms_to_the_schema(case, client_headers):
    case.call_and_validate(headers=client_headers, checks=CHECKS)


@schema.parametrize()
@settings_with(4)
@pytest.mark.parametrize(
    "client_headers", ["expert", "moderator", "manager", "helpdesk"], indirect=True
)
def test_every_operation_conforms_to_the_schema_for_staff(case, client_headers):
    case.call_and_validate(headers=client_headers, checks=CHECKS)
