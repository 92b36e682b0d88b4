import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from forum.deflection.models import EventKind, EventSource, JourneyEvent, Ticket
from forum.search import index_thread
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"


@pytest.fixture
def indexed_thread(board):
    thread = ThreadFactory(board=board, title="Modem keeps rebooting at night")
    index_thread(thread.pk)
    return thread


def test_search_answers_results_and_a_journey_token(api, indexed_thread):
    response = api.get("/api/v1/search/", {"q": "modem"}, HTTP_USER_AGENT=BROWSER)

    data = response.json()
    assert response.status_code == 200
    assert [hit["thread"]["id"] for hit in data["results"]] == [indexed_thread.pk]
    assert "<mark>" in data["results"][0]["title_html"]
    assert data["journey"]
    event = JourneyEvent.objects.get()
    assert (event.kind, event.source) == (EventKind.SEARCH, EventSource.API)


def test_search_results_name_their_authors_in_queries_that_do_not_grow(api, board):
    def queries_for_search():
        with CaptureQueriesContext(connection) as captured:
            data = api.get("/api/v1/search/", {"q": "modem"}).json()
        return len(captured), [
            hit["thread"]["author"]["username"] for hit in data["results"]
        ]

    first = ThreadFactory(board=board, title="Modem keeps rebooting")
    index_thread(first.pk)
    # Caches the board menu and the synonym rules and loads the vectors, as any
    # earlier call would.
    APIClient().get("/api/v1/search/", {"q": "modem"})
    one_hit_queries, authors = queries_for_search()
    assert authors == [first.author.username]
    for _ in range(3):
        index_thread(ThreadFactory(board=board, title="Modem lights").pk)
    # The first search after indexing also reads the new threads' vectors.
    APIClient().get("/api/v1/search/", {"q": "modem"})

    four_hit_queries, authors = queries_for_search()

    assert len(authors) == 4
    assert four_hit_queries == one_hit_queries


def test_a_widget_continues_its_journey_with_the_token(api, indexed_thread):
    first = api.get("/api/v1/search/", {"q": "modem"}, HTTP_USER_AGENT=BROWSER)
    token = first.json()["journey"]
    api.cookies.clear()

    click = api.post(
        "/api/v1/deflection/events/",
        {
            "kind": "result_click",
            "thread": indexed_thread.pk,
            "rank": 1,
            "journey": token,
        },
        format="json",
        HTTP_USER_AGENT=BROWSER,
    )
    helped = api.post(
        "/api/v1/deflection/events/",
        {
            "kind": "helpful_yes",
            "thread": indexed_thread.pk,
            "journey": click.json()["journey"],
        },
        format="json",
        HTTP_USER_AGENT=BROWSER,
    )

    assert click.status_code == helped.status_code == 200
    journeys = set(JourneyEvent.objects.values_list("journey_id", flat=True))
    assert len(journeys) == 1
    assert JourneyEvent.objects.filter(kind=EventKind.HELPFUL_YES).exists()


def test_a_forged_journey_token_is_a_clear_400(api, indexed_thread):
    forged = signing.dumps({"visitor": "x", "id": "y"}, salt="something-else")

    response = api.post(
        "/api/v1/deflection/events/",
        {"kind": "result_click", "thread": indexed_thread.pk, "journey": forged},
        format="json",
    )

    assert response.status_code == 400
    assert "journey" in response.json()
    assert not JourneyEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "search", "thread": 1},
        {"kind": "result_click"},
        {"kind": "result_click", "thread": "x"},
        {"kind": "result_click", "thread": 1, "rank": 0},
        {"kind": "result_click", "thread": 1, "extra": True},
    ],
)
def test_bad_events_are_400(api, body):
    assert (
        api.post("/api/v1/deflection/events/", body, format="json").status_code == 400
    )
    assert not JourneyEvent.objects.exists()


def test_events_for_hidden_threads_are_404(api, indexed_thread):
    type(indexed_thread).objects.filter(pk=indexed_thread.pk).update(is_hidden=True)

    response = api.post(
        "/api/v1/deflection/events/",
        {"kind": "result_click", "thread": indexed_thread.pk},
        format="json",
    )

    assert response.status_code == 404


def test_the_helpdesk_reports_a_ticket_once(api, indexed_thread, settings):
    settings.HELPDESK_API_TOKEN = "helpdesk-secret-token"
    search = api.get("/api/v1/search/", {"q": "modem"}, HTTP_USER_AGENT=BROWSER)
    journey_id = JourneyEvent.objects.get().journey_id
    assert search.status_code == 200
    helpdesk = type(api)()
    helpdesk.credentials(HTTP_AUTHORIZATION="Token helpdesk-secret-token")
    body = {"journey_id": journey_id, "helpdesk_ticket_id": "HD-1001"}

    first = helpdesk.post("/api/v1/helpdesk/tickets/", body, format="json")
    replay = helpdesk.post("/api/v1/helpdesk/tickets/", body, format="json")

    assert (first.status_code, replay.status_code) == (201, 200)
    assert first.json()["reference"] == replay.json()["reference"]
    assert Ticket.objects.count() == 1


def test_the_helpdesk_endpoint_refuses_wrong_tokens(api, settings):
    settings.HELPDESK_API_TOKEN = "helpdesk-secret-token"
    api.credentials(HTTP_AUTHORIZATION="Token nope")

    response = api.post(
        "/api/v1/helpdesk/tickets/",
        {"journey_id": "a" * 22, "helpdesk_ticket_id": "HD-1"},
        format="json",
    )

    assert response.status_code == 401
    assert not Ticket.objects.exists()


def test_unknown_journeys_are_404_for_the_helpdesk(api, settings):
    settings.HELPDESK_API_TOKEN = "helpdesk-secret-token"
    api.credentials(HTTP_AUTHORIZATION="Token helpdesk-secret-token")

    response = api.post(
        "/api/v1/helpdesk/tickets/",
        {"journey_id": "a" * 22, "helpdesk_ticket_id": "HD-1"},
        format="json",
    )

    assert response.status_code == 404


def test_report_data_is_for_managers_only(api_as, customer, manager):
    assert api_as(customer).get("/api/v1/reports/deflection/").status_code == 403

    response = api_as(manager).get("/api/v1/reports/deflection/", {"period": "30"})

    data = response.json()
    assert response.status_code == 200
    assert {"summary", "trend", "top_queries", "health"} <= set(data)
    assert "deflection_rate" in data["summary"]


def test_report_data_refuses_bad_dates(api_as, manager):
    response = api_as(manager).get(
        "/api/v1/reports/deflection/", {"period": "custom", "start": "2026-13-40"}
    )

    assert response.status_code == 400
