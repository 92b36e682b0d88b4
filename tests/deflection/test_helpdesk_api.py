"""POST /api/helpdesk/tickets/ (deprecated, the same view as /api/v1/): token auth,
idempotency, clear errors."""

import json

import pytest

from forum.deflection.models import Journey, Ticket, TicketSource
from tests.deflection.conftest import Visitor

pytestmark = pytest.mark.django_db

URL = "/api/helpdesk/tickets/"
TOKEN = "helpdesk-token-0123456789"


@pytest.fixture(autouse=True)
def token(settings):
    settings.HELPDESK_API_TOKEN = TOKEN


@pytest.fixture
def journey_id(clock):
    visitor = Visitor()
    visitor.search("cannot log in")
    return visitor.journey_id


def post(client, body, token=TOKEN, raw=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token is not None else {}
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def test_the_helpdesk_reports_a_ticket_for_a_journey(client, journey_id):
    response = post(client, {"journey_id": journey_id, "helpdesk_ticket_id": "HD-100"})

    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True
    assert body["ticket"]["journey_id"] == journey_id
    ticket = Ticket.objects.get()
    assert (ticket.source, ticket.helpdesk_ticket_id) == (
        TicketSource.HELPDESK,
        "HD-100",
    )


def test_a_replay_returns_the_same_ticket_and_creates_nothing(client, journey_id):
    body = {"journey_id": journey_id, "helpdesk_ticket_id": "HD-100"}
    first = post(client, body).json()

    replay = post(client, body)

    assert replay.status_code == 200
    assert replay.json()["ticket"] == first["ticket"]
    assert replay.json()["created"] is False
    assert Ticket.objects.count() == 1


def test_the_same_helpdesk_id_for_another_journey_is_a_conflict(
    client, journey_id, clock
):
    other = Visitor()
    other.search("roaming")
    post(client, {"journey_id": journey_id, "helpdesk_ticket_id": "HD-100"})

    response = post(
        client, {"journey_id": other.journey_id, "helpdesk_ticket_id": "HD-100"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize("token", [None, "", "wrong-token", TOKEN + "x"])
def test_a_missing_or_wrong_token_is_401(client, journey_id, token):
    response = post(
        client, {"journey_id": journey_id, "helpdesk_ticket_id": "1"}, token=token
    )

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Ticket.objects.exists()


def test_the_endpoint_is_closed_when_no_token_is_configured(
    client, journey_id, settings
):
    settings.HELPDESK_API_TOKEN = ""

    response = post(
        client, {"journey_id": journey_id, "helpdesk_ticket_id": "1"}, token=""
    )

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_journey_is_404(client, db):
    response = post(client, {"journey_id": "A" * 22, "helpdesk_ticket_id": "HD-1"})

    assert response.status_code == 404
    assert response.json() == {"detail": "No journey has this id.", "code": "not_found"}
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"journey_id": "short", "helpdesk_ticket_id": "1"},
        {"journey_id": "A" * 22},
        {"journey_id": "A" * 22, "helpdesk_ticket_id": ""},
        {"journey_id": "A" * 22, "helpdesk_ticket_id": "x" * 101},
        {"journey_id": "A" * 22, "helpdesk_ticket_id": "1", "created_at": "yesterday"},
        {
            "journey_id": "A" * 22,
            "helpdesk_ticket_id": "1",
            "created_at": "2026-03-10T09:00",
        },
        {"journey_id": ["A" * 22], "helpdesk_ticket_id": "1"},
        {"journey_id": "'; DROP TABLE x;--'xxxx", "helpdesk_ticket_id": "1"},
    ],
)
def test_bad_input_is_400_with_field_errors_as_the_api_gives_them(client, db, body):
    response = post(client, body)

    assert response.status_code == 400
    assert response.json()
    for messages in response.json().values():
        assert isinstance(messages, list)
        assert all(isinstance(message, str) for message in messages)


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"text"', "\xff"])
def test_a_body_that_is_not_a_json_object_is_400_in_the_one_error_shape(
    client, db, raw
):
    response = post(client, None, raw=raw)

    assert response.status_code == 400
    # Unreadable JSON is a parse error; readable JSON that is no object, a field
    # error: the API's two error shapes.
    assert set(response.json()) in ({"detail", "code"}, {"non_field_errors"})
    assert not Ticket.objects.exists()


def test_a_creation_time_in_the_future_is_refused(client, journey_id):
    response = post(
        client,
        {
            "journey_id": journey_id,
            "helpdesk_ticket_id": "HD-9",
            "created_at": "2030-01-01T00:00:00+00:00",
        },
    )

    assert response.status_code == 400
    assert "created_at" in response.json()


def test_numeric_helpdesk_ids_are_accepted(client, journey_id):
    response = post(client, {"journey_id": journey_id, "helpdesk_ticket_id": 4711})

    assert response.status_code == 201
    assert Ticket.objects.get().helpdesk_ticket_id == "4711"


def test_get_is_not_allowed(client, db):
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 405


def test_no_csrf_token_is_needed_since_it_is_token_authenticated(journey_id):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = post(client, {"journey_id": journey_id, "helpdesk_ticket_id": "HD-7"})

    assert response.status_code == 201


def test_a_report_marks_a_built_journey_for_recomputation(client, journey_id, clock):
    from forum.deflection.services.aggregation import build_deflection_stats

    clock.advance(days=2)
    build_deflection_stats()
    assert Journey.objects.get().is_final

    post(client, {"journey_id": journey_id, "helpdesk_ticket_id": "HD-8"})

    journey = Journey.objects.get()
    assert (journey.is_final, journey.needs_rebuild) == (False, True)
