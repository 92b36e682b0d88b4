"""A search slower than SEARCH_TIMEOUT_MS is cut off by PostgreSQL, kindly."""

import pytest
from django.db import connection

from forum.search import index_thread, search_threads
from forum.search.backends.base import SearchTimeout
from tests.factories import ThreadFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
    ),
]


@pytest.fixture
def slow_engine(monkeypatch, settings):
    """The real search statement, made to sleep half a second in the database."""
    settings.SEARCH_TIMEOUT_MS = 50
    # A thread holding the word, so the search reaches its candidates statement.
    index_thread(ThreadFactory(title="Modem restarts every night").pk)
    # Every use of a term's tsquery in the candidates statement sleeps first.
    monkeypatch.setattr(
        "forum.search.backends.postgres._term",
        lambda term: (
            f"(SELECT plainto_tsquery('simple', {term}) FROM pg_sleep(0.5))"  # noqa: S608 - a test's own constant
        ),
    )


def test_a_slow_search_is_cancelled_with_search_timeout(slow_engine):
    with pytest.raises(SearchTimeout):
        search_threads("modem")


def test_the_search_page_says_it_is_taking_too_long(client, slow_engine):
    response = client.get("/search/", {"q": "modem"})

    assert response.status_code == 200
    assert "Search is taking too long" in response.content.decode()


def test_the_connection_is_usable_after_a_cancelled_search(client, slow_engine):
    client.get("/search/", {"q": "modem"})

    thread = ThreadFactory(title="Still works")

    assert client.get(thread.get_absolute_url()).status_code == 200


def test_contact_suggestions_fall_back_to_the_form(client, slow_engine):
    response = client.get("/support/contact/", {"q": "modem"})

    assert response.status_code == 200


def test_the_timeout_does_not_outlive_the_search(settings):
    settings.SEARCH_TIMEOUT_MS = 1234
    search_threads("modem")

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "1234ms"
