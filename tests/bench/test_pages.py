"""What the benchmark's pages rely on: the naive search floor ranks the same search
vector the product searches, and its bot user agent turns deflection logging off
while wrk's bare requests each log one search."""

import inspect

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import RequestFactory

from bench.floor import SEARCH_PAGE_SIZE, search_floor
from bench.targets import BOT_USER_AGENT
from forum.deflection.models import EventKind, JourneyEvent
from forum.search import index_thread, search_threads
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the naive floor queries PostgreSQL's search vector",
)


@pytest.fixture
def bench_templates(settings):
    templates = [dict(engine) for engine in django_settings.TEMPLATES]
    templates[0]["DIRS"] = [
        *templates[0]["DIRS"],
        django_settings.BASE_DIR / "bench" / "templates",
    ]
    settings.TEMPLATES = templates


def _indexed_thread(board, title: str, body: str = "Nothing else to say.", **fields):
    thread = ThreadFactory(board=board, title=title, body=body, **fields)
    index_thread(thread.pk)
    return thread


def _search_floor(query: str):
    return search_floor(RequestFactory().get("/bench/search-floor/", {"q": query}))


def test_the_naive_floor_shows_a_page_as_long_as_the_search_pages():
    parameters = inspect.signature(search_threads).parameters

    assert parameters["per_page"].default == SEARCH_PAGE_SIZE


@postgres_only
def test_the_naive_floor_lists_public_matches_best_ranked_first(board, bench_templates):
    _indexed_thread(board, "Billing question", body="My modem bill is wrong.")
    _indexed_thread(board, "Modem restarts at night")
    _indexed_thread(board, "Modem hidden from readers", is_hidden=True)
    _indexed_thread(board, "Unrelated printer trouble")

    html = _search_floor("modem").content.decode()

    assert html.index("Modem restarts at night") < html.index("Billing question")
    assert "hidden from readers" not in html
    assert "printer" not in html


@postgres_only
def test_the_naive_floor_shows_one_page_of_many_matches(board, bench_templates):
    for number in range(SEARCH_PAGE_SIZE + 3):
        _indexed_thread(board, f"Modem question {number}")

    html = _search_floor("modem").content.decode()

    assert html.count("<li>") == SEARCH_PAGE_SIZE


def test_a_bare_request_without_cookie_or_user_agent_logs_one_search_each(
    client, board
):
    _indexed_thread(board, "Modem restarts at night")

    for _ in range(2):
        client.cookies.clear()
        client.get("/search/", {"q": "modem restart"})

    assert JourneyEvent.objects.filter(kind=EventKind.SEARCH).count() == 2


def test_the_benchmarks_bot_user_agent_turns_search_logging_off(client, board):
    _indexed_thread(board, "Modem restarts at night")

    response = client.get(
        "/search/", {"q": "modem restart"}, HTTP_USER_AGENT=BOT_USER_AGENT
    )

    assert response.status_code == 200
    assert response.context["results"].hits
    assert not JourneyEvent.objects.exists()
