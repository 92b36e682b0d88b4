"""The contact-support page: suggested answers first, then the ticket form."""

import pytest

from forum.deflection.models import (
    Delivery,
    EventKind,
    EventSource,
    JourneyEvent,
    Ticket,
)
from forum.search import SearchHit, SearchResults
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

TICKET = {
    "subject": "Bill higher than usual",
    "category": "billing",
    "description": "My March bill doubled.",
    "email": "visitor@example.com",
}


@pytest.fixture
def forwarding(settings):
    """A helpdesk to forward tickets to (without one they stay in the product)."""
    settings.HELPDESK_EMAIL = "helpdesk@example.com"


def test_the_first_step_is_a_search_box_and_logs_nothing(client):
    response = client.get("/support/contact/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert not JourneyEvent.objects.exists()


def test_what_the_visitor_typed_is_searched_and_logged_from_contact(
    client, monkeypatch
):
    thread = ThreadFactory(title="Why did my bill go up?")
    found = SearchResults(query="bill", hits=[SearchHit(thread, "", 1.0)], total=1)
    monkeypatch.setattr(
        "forum.deflection.views.contact.search_threads", lambda q, **kw: found
    )

    response = client.get("/support/contact/", {"q": "bill went up"})

    page = response.content.decode()
    assert "Why did my bill go up?" in page
    assert f"/go/{thread.pk}/?rank=1&amp;source=contact_suggestions" in page
    assert page.index("Why did my bill go up?") < page.index("Still need help?")
    event = JourneyEvent.objects.get()
    assert (event.kind, event.source, event.result_count) == (
        EventKind.SEARCH,
        EventSource.CONTACT_SUGGESTIONS,
        1,
    )


def test_finding_nothing_still_offers_the_form(client):
    response = client.get("/support/contact/", {"q": "zzz nothing"})

    page = response.content.decode()
    assert "We found no answers for that yet." in page
    assert "/support/contact/ticket/?q=zzz+nothing" in page


def test_opening_the_form_records_ticket_started_and_keeps_the_query(client):
    client.get("/support/contact/", {"q": "modem lights"})

    response = client.get("/support/contact/ticket/", {"q": "modem lights"})

    assert response.status_code == 200
    assert 'value="modem lights"' in response.content.decode()
    kinds = list(JourneyEvent.objects.values_list("kind", flat=True))
    assert kinds == [EventKind.SEARCH, EventKind.TICKET_STARTED]
    assert JourneyEvent.objects.values("journey_id").distinct().count() == 1


def test_the_form_is_prefilled_for_a_signed_in_member(client, customer):
    client.force_login(customer)

    response = client.get("/support/contact/ticket/")

    assert f'value="{customer.email}"' in response.content.decode()


def test_submitting_stores_the_ticket_on_the_journey_and_queues_delivery(
    client, django_capture_on_commit_callbacks, forwarding
):
    client.get("/support/contact/", {"q": "bill doubled"})
    client.get("/support/contact/ticket/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/support/contact/ticket/", TICKET)

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    search = JourneyEvent.objects.get(kind=EventKind.SEARCH)
    assert ticket.journey_id == search.journey_id
    assert (ticket.subject, ticket.email, ticket.source) == (
        TICKET["subject"],
        TICKET["email"],
        "form",
    )
    assert JourneyEvent.objects.filter(kind=EventKind.TICKET_SUBMITTED).count() == 1
    assert Delivery.objects.get().ticket == ticket
    sent = client.get(response["Location"])
    assert ticket.reference in sent.content.decode()


def test_the_forwarded_ticket_carries_the_journey_token_the_helpdesk_may_send_back(
    client, settings, forwarding
):
    settings.HELPDESK_API_TOKEN = "helpdesk-token-0123456789"
    client.get("/support/contact/", {"q": "bill doubled"})
    client.post("/support/contact/ticket/", TICKET)
    payload = Delivery.objects.get().payload
    ticket = Ticket.objects.get()

    response = client.post(
        "/api/v1/helpdesk/tickets/",
        {"journey": payload["journey_token"], "helpdesk_ticket_id": "HD-77"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Token helpdesk-token-0123456789",
    )

    assert payload["journey_id"] == ticket.journey_id
    assert ticket.match == "journey"
    assert response.status_code == 201
    assert response.json()["journey_id"] == ticket.journey_id


def test_a_ticket_without_a_journey_is_unmatched_and_carries_no_token(db, forwarding):
    from forum.deflection.services.tickets import submit_ticket

    submit_ticket(**TICKET, journey_id=None)  # its journey event was not logged

    assert Ticket.objects.get().match == "unmatched"
    assert Delivery.objects.get().payload["journey_token"] == ""


def test_a_signed_in_members_ticket_is_linked_to_them(client, customer):
    client.force_login(customer)

    client.post("/support/contact/ticket/", TICKET)

    assert Ticket.objects.get().user == customer


def test_an_invalid_ticket_shows_errors_and_stores_nothing(client):
    response = client.post("/support/contact/ticket/", {**TICKET, "email": "nope"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Ticket.objects.exists()
    assert not JourneyEvent.objects.filter(kind=EventKind.TICKET_SUBMITTED).exists()


def test_the_confirmation_page_shows_only_your_own_ticket(client):
    response = client.get("/support/contact/sent/")

    assert response.status_code == 302


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "*", "NEAR(", "'; DROP TABLE x; --", "📱 不工作", "-", "x" * 500],
)
def test_odd_queries_never_break_the_page(client, query):
    assert client.get("/support/contact/", {"q": query}).status_code == 200
