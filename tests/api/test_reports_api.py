"""/api/v1/reports/community/ and /api/v1/reports/search/: the page's numbers, the
same permission, bad filters a 400 with a JSON body, a pinned query count."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from forum.deflection.models import DailyBoardStats, DailyQueryStats, PeriodRollup
from forum.deflection.services.aggregation import build_deflection_stats
from forum.search.models import Synonym
from tests.reports.conftest import ago, asked

pytestmark = pytest.mark.django_db

COMMUNITY = "/api/v1/reports/community/"
SEARCH = "/api/v1/reports/search/"
# As the pages' (tests/reports), less the filter form's board list and the page's
# member records; plus the token lookup. The community report reads the site
# settings too (the first-response target), once. Counted live here (no run yet);
# for a standard period the last run stored, the figures are one read of its rollup.
COMMUNITY_QUERIES = 28
STORED_COMMUNITY_QUERIES = 3
SEARCH_QUERIES = 12


@pytest.mark.parametrize("url", [COMMUNITY, SEARCH])
def test_report_data_is_for_managers_and_administrators(
    api_as, customer, moderator, manager, administrator, url
):
    assert api_as(customer).get(url).status_code == 403
    assert api_as(moderator).get(url).status_code == 403
    assert api_as(manager).get(url).status_code == 200
    assert api_as(administrator).get(url).status_code == 200


@pytest.mark.parametrize("url", [COMMUNITY, SEARCH])
@pytest.mark.parametrize(
    "params",
    [
        {"period": "365"},
        {"period": ""},
        {"period": "custom", "start": "2026-13-40", "end": "2026-01-01"},
        {"period": "custom", "start": "2026-01-10", "end": "2026-01-01"},
        {"board": "999999"},
    ],
)
def test_bad_filters_are_a_400_with_a_json_body(api_as, manager, url, params):
    response = api_as(manager).get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


def test_the_community_numbers_match_the_page(api_as, client, manager, board):
    asked(
        board,
        when=ago(days=1),
        answer_after=timedelta(minutes=30),
        solve_after=timedelta(hours=1),
    )
    asked(board, when=ago(days=9))

    data = api_as(manager).get(COMMUNITY, {"period": "7", "board": board.pk}).json()

    assert data["period"]["board"] == board.pk
    assert data["summary"]["threads"] == 1
    assert data["summary"]["median_first_response_seconds"] == 1800
    assert data["summary"]["median_time_to_solution_seconds"] == 3600
    assert data["previous"]["threads"] == 1
    assert data["changes"]["threads"]["direction"] == "flat"
    assert data["changes"]["replies"] == {
        "direction": "up",
        "arrow": "↑",
        "text": "up 1 from 0, better",
        "verdict": "better",
    }
    assert len(data["trend"]) == 7


def test_the_community_numbers_from_the_runs_rollup_are_the_live_ones(
    api_as, manager, board
):
    asked(
        board,
        when=ago(days=1),
        answer_after=timedelta(minutes=30),
        solve_after=timedelta(hours=1),
    )
    asked(board, when=ago(days=40), answer_after=timedelta(hours=2))
    build_deflection_stats()
    client = api_as(manager)

    stored = {
        period: client.get(COMMUNITY, {"period": period}).json()
        for period in ("7", "30", "90")
    }
    PeriodRollup.objects.all().delete()
    cache.clear()
    live = {
        period: client.get(COMMUNITY, {"period": period}).json()
        for period in ("7", "30", "90")
    }

    assert stored == live
    assert stored["90"]["summary"]["threads"] == 2
    assert stored["7"]["summary"]["median_time_to_solution_seconds"] == 3600


def test_the_search_numbers_and_keeps(api_as, manager):
    today = timezone.localdate()
    DailyBoardStats.objects.create(day=today, searched_journeys=3, searches=4)
    DailyQueryStats.objects.create(
        day=today,
        query="esim",
        journeys=3,
        searches=4,
        journeys_with_results=3,
        clicked_journeys=1,
    )
    seeded = Synonym.objects.count()  # the starter list a migration adds
    Synonym.objects.create(phrases="esim, e-sim")

    data = api_as(manager).get(SEARCH, {"period": "7"}).json()

    assert data["summary"]["searches"] == 4
    assert data["summary"]["click_through"] == pytest.approx(1 / 3)
    assert data["top_queries"]["rows"][0]["query"] == "esim"
    assert data["synonyms"]["count"] == seeded + 1
    assert {"phrases": "esim, e-sim", "two_way": True} in data["synonyms"]["newest"]
    assert data["min_journeys_per_query"] == 3


def test_the_deflection_report_carries_its_changes_too(api_as, manager):
    data = api_as(manager).get("/api/v1/reports/deflection/").json()

    assert "deflection_rate" in data["changes"]


@pytest.mark.parametrize("count", [1, 20])
def test_the_community_endpoint_query_count_is_pinned(
    api_as, manager, board, django_assert_num_queries, count
):
    for n in range(count):
        asked(board, when=ago(days=1, minutes=n), answer_after=timedelta(minutes=2))
    client = api_as(manager)
    cache.clear()

    with django_assert_num_queries(COMMUNITY_QUERIES):
        assert client.get(COMMUNITY, {"period": "7"}).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_search_endpoint_query_count_is_pinned(
    api_as, manager, django_assert_num_queries, count
):
    today = timezone.localdate()
    for n in range(count):
        DailyQueryStats.objects.create(day=today, query=f"query {n}", journeys=3)
        Synonym.objects.create(phrases=f"a{n}, b{n}")
    client = api_as(manager)
    cache.clear()

    with django_assert_num_queries(SEARCH_QUERIES):
        assert client.get(SEARCH, {"period": "7"}).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_community_endpoint_reads_one_rollup_after_a_run(
    api_as, manager, board, django_assert_num_queries, count
):
    for n in range(count):
        asked(board, when=ago(days=1, minutes=n), answer_after=timedelta(minutes=2))
    build_deflection_stats()
    client = api_as(manager)
    cache.clear()

    with django_assert_num_queries(STORED_COMMUNITY_QUERIES):
        response = client.get(COMMUNITY, {"period": "7"})

    assert response.json()["summary"]["replies"] == count
