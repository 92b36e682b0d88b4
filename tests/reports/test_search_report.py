"""The search report: searches, zero results, click-through, the query tables under
the privacy threshold, synonyms and promotions; page, CSV, filters, query count."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forum.deflection.models import DailyBoardStats, DailyQueryStats
from forum.deflection.selectors.report import ReportFilter
from forum.reports.selectors.search import search_report
from forum.search.models import Promotion, Synonym
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

URL = "/reports/search/"
# Pinned, uncached: session and member, the site settings, the filter form's
# boards, the report's rollup, the days of this period and the one before, the
# click-through sums of both, the four query tables in one statement, and the
# synonyms and promotions (a count and the newest of each; read afresh each page).
PAGE_QUERIES = 18


def last_days(days: int, board=None) -> ReportFilter:
    today = timezone.localdate()
    return ReportFilter(start=today - timedelta(days=days - 1), end=today, board=board)


def searched(day, *, board=None, query="nbn dropouts", journeys=3, **totals):
    """One day's searches for one query, on the board and query aggregates."""
    searches = totals.get("searches", journeys)
    DailyBoardStats.objects.create(
        day=day,
        board=board,
        searched_journeys=journeys,
        searches=searches,
        zero_result_searches=totals.get("zero", 0),
        clicks=totals.get("clicked", 0),
    )
    DailyQueryStats.objects.create(
        day=day,
        board=board,
        query=query,
        journeys=journeys,
        searches=searches,
        zero_result_searches=totals.get("zero", 0),
        journeys_with_results=totals.get("with_results", journeys),
        clicked_journeys=totals.get("clicked", 0),
    )


def test_the_summary_counts_searches_zero_results_and_click_through(board):
    today = timezone.localdate()
    searched(today, board=board, journeys=8, searches=8, with_results=8, clicked=5)
    searched(today, board=board, query="no such thing", journeys=3, zero=3)

    summary = search_report(last_days(7))["summary"]

    assert summary["searches"] == 11
    assert summary["zero_result_searches"] == 3
    assert summary["click_through"] == 5 / 11
    assert summary["zero_result_rate"] == 3 / 11


def test_queries_used_by_too_few_journeys_are_grouped_as_other(settings):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 3
    today = timezone.localdate()
    searched(today, query="common words", journeys=3)
    searched(today, query="my account 12345", journeys=1)

    top = search_report(last_days(7))["top_queries"]

    assert [row["query"] for row in top.rows] == ["common words"]
    assert top.other["queries"] == 1


def test_the_report_compares_with_the_period_before(board):
    today = timezone.localdate()
    searched(today, journeys=4)
    searched(today - timedelta(days=8), journeys=2)

    report = search_report(last_days(7))

    assert report["previous"]["searches"] == 2
    assert report["changes"]["searches"].text == "up 2 (100%) from 2, better"


def test_fewer_zero_result_searches_read_as_better(board):
    today = timezone.localdate()
    searched(today, journeys=4, zero=1)
    searched(today - timedelta(days=8), journeys=4, zero=3)

    change = search_report(last_days(7))["changes"]["zero_result_searches"]

    assert (change.direction, change.verdict) == ("down", "better")
    assert change.text == "down 2 (67%) from 3, better"


# --- the page ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["customer", "moderator", "expert"])
def test_members_without_the_manager_role_get_403(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(URL + "top-queries.csv").status_code == 403


def test_the_page_lists_queries_keeps_and_links_to_where_they_are_edited(
    manager_client, board, manager
):
    searched(timezone.localdate(), query="sim swap", journeys=4, clicked=1)
    Synonym.objects.create(phrases="nbn, internet", created_by=manager)
    Promotion.objects.create(
        query="sim swap", query_key="sim swap", thread=ThreadFactory(title="Swap SIM")
    )

    response = manager_client.get(URL, {"period": "30"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "sim swap" in page
    assert "nbn, internet" in page and "Swap SIM" in page
    assert f'href="{reverse("search:synonyms")}"' in page
    assert f'href="{reverse("search:promotions")}"' in page
    assert "chart-bar series-brand" in page
    assert "25%" in page  # click-through: 1 of 4 journeys with results


def test_bad_filters_show_a_form_error(manager_client):
    response = manager_client.get(URL, {"period": "custom", "start": "2026-02-30"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_bad_filters_on_a_csv_are_a_400(manager_client):
    assert manager_client.get(URL + "daily.csv", {"board": "x"}).status_code == 400


def test_the_query_csv_neutralises_formulas(manager_client):
    searched(timezone.localdate(), query="=hyperlink(evil)", journeys=5)

    response = manager_client.get(URL + "top-queries.csv", {"period": "7"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "'=hyperlink(evil)"
    assert rows[1][1] == "5"


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_query_count_does_not_grow_with_queries_or_keeps(
    manager_client, django_assert_num_queries, count
):
    today = timezone.localdate()
    for n in range(count):
        searched(today - timedelta(days=n % 7), query=f"query {n}", journeys=3)
        Synonym.objects.create(phrases=f"word{n}, other{n}")
        Promotion.objects.create(
            query=f"query {n}", query_key=f"query {n}", thread=ThreadFactory()
        )
    manager_client.get(URL)
    cache.clear()

    with django_assert_num_queries(PAGE_QUERIES):
        assert manager_client.get(URL, {"period": "7"}).status_code == 200
