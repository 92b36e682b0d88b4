"""POST /api/v1/helpdesk/tickets/: the signed journey token, the deprecated
/api/helpdesk/tickets/, bad input, and the admin's view of reported tickets."""

import pytest

from forum.deflection.models import Ticket
from forum.deflection.services import journey_store
from tests.deflection.conftest import Visitor
from tests.deflection.test_identity_tickets import LEGACY_URL, TOKEN, by_email, report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def helpdesk_token(settings):
    settings.HELPDESK_API_TOKEN = TOKEN


@pytest.fixture
def member(db):
    return UserFactory(username="mia", email="Mia.Jones@example.com")


# --- The signed journey token -----------------------------------------------------


def test_the_signed_journey_token_names_the_journey(client, clock):
    visitor = Visitor()
    visitor.search("data roaming")
    journey_token = journey_store.token(visitor.request())

    response = report(client, {"helpdesk_ticket_id": "HD-T", "journey": journey_token})

    assert response.status_code == 201
    assert response.json()["journey_id"] == visitor.journey_id
    assert response.json()["match"] == "journey"


def test_a_forged_journey_token_is_400_and_stores_nothing(client, clock):
    response = report(client, {"helpdesk_ticket_id": "HD-F", "journey": "forged:abc"})

    assert response.status_code == 400
    assert "journey" in response.json()
    assert not Ticket.objects.exists()


# --- One endpoint, the old path deprecated ----------------------------------------


def test_the_old_path_answers_as_before_with_deprecation_headers(client, clock):
    visitor = Visitor()
    visitor.search("bill")
    body = {"journey_id": visitor.journey_id, "helpdesk_ticket_id": "HD-L"}

    response = report(client, body, url=LEGACY_URL)

    assert response.status_code == 201
    assert response.json()["ticket"]["journey_id"] == visitor.journey_id
    assert response["Deprecation"].startswith("@")
    assert response["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert response["Link"] == '</api/v1/helpdesk/tickets/>; rel="successor-version"'


def test_the_old_path_marks_its_errors_deprecated_too(client, db):
    response = client.post(LEGACY_URL, data="{}", content_type="application/json")

    assert response.status_code == 401
    assert response["Deprecation"] and response["Sunset"]


def test_the_new_path_is_not_deprecated(client, clock):
    visitor = Visitor()
    visitor.search("bill")
    response = report(
        client, {"journey_id": visitor.journey_id, "helpdesk_ticket_id": "HD-N"}
    )

    assert response.status_code == 201
    assert "Deprecation" not in response and "Sunset" not in response


# --- Bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"helpdesk_ticket_id": "1"},
        {
            "helpdesk_ticket_id": "1",
            "journey_id": "A" * 22,
            "customer": {"kind": "email", "value": "a@example.com"},
        },
        {"helpdesk_ticket_id": "1", "journey_id": "A" * 22, "journey": "token"},
        {"helpdesk_ticket_id": "1", "customer": {"kind": "phone", "value": "0400"}},
        {"helpdesk_ticket_id": "1", "customer": {"kind": "email", "value": "nope"}},
        {"helpdesk_ticket_id": "1", "customer": {"kind": "email", "value": "a b@c.de"}},
        {
            "helpdesk_ticket_id": "1",
            "customer": {"kind": "email", "value": "a" * 250 + "@example.com"},
        },
        {"helpdesk_ticket_id": "1", "customer": {"kind": "email", "value": ""}},
        {"helpdesk_ticket_id": "1", "customer": {"kind": "email", "value": 42}},
        {"helpdesk_ticket_id": "1", "customer": {"kind": "sso", "value": "sub"}},
        {
            "helpdesk_ticket_id": "1",
            "customer": {"kind": "sso", "provider": "p" * 41, "value": "sub"},
        },
        {
            "helpdesk_ticket_id": "1",
            "customer": {"kind": "email", "provider": "x", "value": "a@example.com"},
        },
        {
            "helpdesk_ticket_id": "1",
            "customer": {"kind": "account_number", "value": "#!"},
        },
        {"helpdesk_ticket_id": "1", "customer": "a@example.com"},
        {"helpdesk_ticket_id": "1", "customer": {"value": "a@example.com"}},
        {
            "helpdesk_ticket_id": "1",
            "customer": {"kind": "email", "value": "a@example.com", "extra": 1},
        },
        {"helpdesk_ticket_id": "1", "journey": "x" * 4001},
        {"helpdesk_ticket_id": True, "journey_id": "A" * 22},
    ],
)
def test_bad_customer_input_is_400_and_stores_nothing(client, member, body):
    response = report(client, body)

    assert response.status_code == 400
    data = response.json()
    assert data and (
        {"detail", "code"} <= set(data)
        or all(isinstance(messages, (list, dict)) for messages in data.values())
    )
    assert not Ticket.objects.exists()


def test_the_admin_shows_how_a_ticket_matched_but_not_its_digest(
    client, member, clock, administrator
):
    report(client, by_email(member.email))
    ticket = Ticket.objects.get()
    client.force_login(administrator)

    page = client.get(f"/admin/deflection/ticket/{ticket.pk}/change/")
    listing = client.get("/admin/deflection/ticket/", {"match__exact": "unmatched"})

    assert page.status_code == listing.status_code == 200
    assert ticket.identity_digest not in page.content.decode()
    assert ticket.reference in listing.content.decode()
