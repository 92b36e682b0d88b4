import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from forum.search import index_thread
from tests.factories import BoardFactory, ThreadFactory
from tests.forum.search.conftest import SEARCH_QUERIES

pytestmark = pytest.mark.django_db

URL = "/search/"


def result_titles(response) -> list[str]:
    return [hit.thread.title for hit in response.context["results"].hits]


def test_the_search_page_is_routed_by_name():
    assert reverse("forum:search") == URL


def test_the_empty_search_page_invites_a_query(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Type a few words" in response.content.decode()


def test_results_show_title_link_board_solved_badge_snippet_and_counts(
    client, indexed_thread
):
    thread = indexed_thread(
        "Modem keeps dropping",
        "Every evening after dinner.",
        solution="Replace the filter.",
        kudos_count=4,
        reply_count=2,
    )

    response = client.get(URL, {"q": "dinner"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/go/{thread.pk}/?rank=1&amp;source=search_page"' in html
    assert escape(thread.board.name) in html
    assert "badge-solved" in html
    assert "<mark>dinner</mark>" in html
    assert "2 replies" in html
    assert "4 kudos" in html
    assert "1 result match" in html


def test_the_query_stays_in_the_search_box(client):
    response = client.get(URL, {"q": 'modem "red light" <b>'})

    html = response.content.decode()
    assert 'value="modem &quot;red light&quot; &lt;b&gt;"' in html
    assert "<b>" not in html.split("<main", 1)[1]


def test_filters_are_applied_and_kept_in_the_form(
    client, indexed_thread, board, other_board
):
    indexed_thread("Payment failed", "Card.", board=board, tags=("card",))
    indexed_thread(
        "Payment plan",
        "Split it.",
        board=other_board,
        solution="Yes.",
        tags=("card",),
    )

    response = client.get(
        URL, {"q": "payment", "board": "billing", "solved": "on", "tag": "card"}
    )

    html = response.content.decode()
    assert result_titles(response) == ["Payment plan"]
    assert re.search(r'<option value="billing" selected>', html)
    assert re.search(r'name="solved"[^>]*checked', html)
    assert 'value="card"' in html
    assert "with these filters" in html


def test_no_results_suggests_other_words_or_asking(client, indexed_thread):
    indexed_thread("Modem keeps dropping", "Every evening.")

    response = client.get(URL, {"q": "satellite phone"})

    html = response.content.decode()
    assert "No threads or articles match “satellite phone”" in html
    assert "Try other words" in html
    assert 'href="/ask/"' in html


def test_no_results_with_filters_offers_every_board(client, indexed_thread, board):
    indexed_thread("Modem keeps dropping", "Every evening.")

    response = client.get(URL, {"q": "modem", "solved": "on"})

    assert result_titles(response) == []
    assert "search every board" in response.content.decode()


def test_a_query_of_only_punctuation_explains_itself(client):
    response = client.get(URL, {"q": "?!* --"})

    assert response.status_code == 200
    assert "has no words we can search for" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "modem", "page": "abc"},
        {"q": "modem", "page": "-4"},
        {"q": "modem", "page": "99999999999999999999999"},
        {"q": "modem", "page": "²"},
        {"q": "modem", "board": "no-such-board"},
        {"q": "modem", "board": "nbn\x00"},
        {"q": "modem", "board": "x" * 10_000},
        {"q": "modem", "solved": "maybe"},
        {"q": "modem\x00", "tag": "\x00" * 3},
        {"q": "m" * 10_000, "tag": "t" * 10_000},
        {"q": ["modem", "router"]},
    ],
)
def test_bad_parameters_never_fail(client, indexed_thread, params):
    indexed_thread("Modem keeps dropping", "Every evening.")

    response = client.get(URL, params)

    assert response.status_code == 200


def test_an_unknown_board_shows_an_error_and_searches_every_board(
    client, indexed_thread
):
    indexed_thread("Modem keeps dropping", "Every evening.")

    response = client.get(URL, {"q": "modem", "board": "no-such-board"})

    assert result_titles(response) == ["Modem keeps dropping"]
    assert "There is no such board" in response.content.decode()


def test_a_page_that_is_not_a_number_is_the_first_page(client, indexed_thread):
    indexed_thread("Modem keeps dropping", "Every evening.")

    response = client.get(URL, {"q": "modem", "page": "abc"})

    assert response.context["results"].page == 1
    assert result_titles(response) == ["Modem keeps dropping"]


def test_pagination_links_keep_the_query_and_filters(client, board):
    for number in range(45):
        ThreadFactory(board=board, title=f"Outage {number}", body="Outage.")
    for thread in board.threads.all():
        index_thread(thread.pk)

    response = client.get(
        URL, {"q": "outage", "board": board.slug, "tag": "", "page": "2"}
    )

    html = response.content.decode()
    assert response.context["results"].page == 2
    previous = re.search(r'<a rel="prev" href="([^"]+)"', html).group(1)
    following = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    for link, page in ((previous, "1"), (following, "3")):
        assert "q=outage" in link
        assert f"board={board.slug}" in link
        assert f"page={page}" in link


def test_the_last_page_has_no_next_link(client, board):
    for number in range(3):
        ThreadFactory(board=board, title=f"Outage {number}", body="Outage.")
    for thread in board.threads.all():
        index_thread(thread.pk)

    response = client.get(URL, {"q": "outage"})

    html = response.content.decode()
    assert 'rel="next"' not in html
    assert 'rel="prev"' not in html


def test_the_search_page_query_count_does_not_grow_with_results(
    client, board, settings
):
    # What ranking costs (the same search again reads the cached ranking:
    # test_ranking_cache.py).
    settings.SEARCH_RANKING_CACHE_SECONDS = 0

    def search_page_queries(count: int) -> tuple[int, int]:
        for _ in range(count):
            thread = ThreadFactory(board=board, title=f"Outage {count}", body="Down.")
            index_thread(thread.pk)
        # The first search after indexing also reads the new threads' vectors (made
        # by another visitor, so this one's journey logs its own search).
        Client().get(URL, {"q": f"outage {count}"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"q": f"outage {count}"})
        return len(response.context["results"].hits), len(queries)

    # Caches the board menu and the synonym rules, as any earlier visitor would have.
    client.get(URL, {"q": "warm"})
    # The search (see SEARCH_QUERIES) and the one journey event (an INSERT, in a
    # savepoint inside the test's transaction).
    expected = SEARCH_QUERIES + 3
    assert search_page_queries(1) == (1, expected)
    assert search_page_queries(20) == (20, expected)


def test_the_board_menu_follows_boards_added_and_renamed(client, board):
    client.get(URL)
    added = BoardFactory(name="Prepaid plans")
    board.name = "Home internet"
    board.save()

    page = client.get(URL).content.decode()

    assert f'<option value="{added.slug}">Prepaid plans</option>' in page
    assert f'<option value="{board.slug}">Home internet</option>' in page


def test_a_chosen_board_stays_selected_in_the_menu(client, board):
    page = client.get(URL, {"q": "outage", "board": board.slug}).content.decode()

    assert f'<option value="{board.slug}" selected>' in page
