"""The community report for a standard period reads the figures the aggregation run
stored in the period's rollup: the same numbers as counted live, without reading a
post or a kudos; custom dates and unbuilt periods are still counted live."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.deflection.models import DailyBoardStats, DailyThreadStats, PeriodRollup
from forum.deflection.selectors.report import STANDARD_PERIODS, ReportFilter
from forum.deflection.services.aggregation import build_deflection_stats
from forum.models import Kudos
from forum.reports.selectors.community import community_figures, community_report
from forum.reports.selectors.community_rollup import stored_figures
from tests.factories import NewUserFactory, PostFactory, UserFactory
from tests.reports.conftest import ago, asked

pytestmark = pytest.mark.django_db

URL = "/reports/community/"
# Pinned, uncached, for a standard period the last run stored: session and member,
# the rollup's figures, the site settings, the header's records (board moderator,
# certifications, unread messages and notifications) and the filter form's boards.
# Counted live (custom dates, a period not built yet) the page makes 34
# (tests/reports/test_community_report.py).
STORED_PAGE_QUERIES = 9


def last_days(days: int, board=None) -> ReportFilter:
    today = timezone.localdate()
    return ReportFilter(start=today - timedelta(days=days - 1), end=today, board=board)


def standard_reports(boards) -> list[ReportFilter]:
    return [
        last_days(days, board) for days in STANDARD_PERIODS for board in [None, *boards]
    ]


@pytest.fixture
def community(board, other_board, moderator, expert):
    """Three months of questions on two boards: answered, solved, by staff and by
    an expert; kudos, a member who joined this week, thread views and visitors."""
    regular, fan = UserFactory(), UserFactory()
    NewUserFactory()
    for age, home in [(1, board), (3, other_board), (9, board), (25, board)]:
        thread = asked(
            home,
            author=regular,
            when=ago(days=age, hours=2),
            answer_after=timedelta(minutes=10 * age),
            solve_after=timedelta(hours=age),
        )
        Kudos.objects.create(post=thread.first_post, user=fan, created_at=ago(days=age))
    for age in (2, 40, 70, 130):
        thread = asked(board, when=ago(days=age))
        PostFactory(thread=thread, author=moderator, created_at=ago(days=age, hours=-1))
        PostFactory(thread=thread, author=expert, created_at=ago(days=age, hours=-2))
    today = timezone.localdate()
    DailyThreadStats.objects.create(day=today, board=board, thread=thread, opened=4)
    DailyBoardStats.objects.create(day=today, board=board, visitors=3)
    return [board, other_board]


def reads(queries, table: str) -> int:
    """How many captured statements read ``table`` (quoted the same on both
    engines), leaving out the header's unread count: it filters the member's
    notifications by the posts they may see, on every page."""
    pattern = re.compile(rf'"{table}"')
    return sum(
        bool(pattern.search(query["sql"]))
        and 'FROM "notifications_notification"' not in query["sql"]
        for query in queries
    )


def test_the_stored_figures_are_the_live_ones_for_every_standard_period(community):
    build_deflection_stats()

    for report in standard_reports(community):
        stored = stored_figures(report)
        assert stored is not None
        assert stored == community_figures(report)
    week = stored_figures(last_days(7))["summary"]
    assert (week["threads"], week["staff_replies"], week["new_members"]) == (3, 1, 1)
    assert (week["page_views"], week["visitors"]) == (4, 3)
    assert week["median_time_to_solution"] == timedelta(hours=2)


def test_the_report_from_a_rollup_is_the_report_counted_live(community):
    build_deflection_stats()
    reports = standard_reports(community)

    cache.clear()
    from_rollups = [community_report(report) for report in reports]
    PeriodRollup.objects.all().delete()
    cache.clear()
    counted_live = [community_report(report) for report in reports]

    # Only when they were counted differs: by the run, and now.
    for stored, live in zip(from_rollups, counted_live, strict=True):
        assert stored.pop("counted_at") < live.pop("counted_at")
    assert from_rollups == counted_live


@pytest.mark.parametrize("count", [1, 20])
def test_a_standard_periods_cold_view_reads_no_post_or_kudos(
    manager_client, board, django_assert_num_queries, count
):
    for n in range(count):
        thread = asked(
            board, when=ago(days=1, minutes=n), answer_after=timedelta(minutes=5)
        )
        Kudos.objects.create(post=thread.first_post, user=UserFactory())
    build_deflection_stats()
    manager_client.get(URL)  # the member's cached records
    cache.clear()

    with django_assert_num_queries(STORED_PAGE_QUERIES) as queries:
        response = manager_client.get(URL, {"period": "7"})

    assert response.status_code == 200
    assert response.context["summary"]["threads"] == count
    assert reads(queries, "forum_post") == reads(queries, "forum_kudos") == 0
    assert reads(queries, "forum_thread") == 0


def test_a_standard_period_is_one_read_of_its_rollup(board):
    asked(board, when=ago(days=1), answer_after=timedelta(minutes=5))
    build_deflection_stats()
    cache.clear()

    with CaptureQueriesContext(connection) as queries:
        report = community_report(last_days(30))

    assert report["summary"]["replies"] == 1
    assert len(queries) == reads(queries, "deflection_periodrollup") == 1


def test_custom_dates_are_counted_live(manager_client, board):
    asked(board, when=ago(days=2))
    build_deflection_stats()
    today = timezone.localdate()
    custom = {
        "period": "custom",
        "start": (today - timedelta(days=3)).isoformat(),
        "end": today.isoformat(),
    }
    cache.clear()

    with CaptureQueriesContext(connection) as queries:
        response = manager_client.get(URL, custom)

    assert response.context["summary"]["threads"] == 1
    assert reads(queries, "forum_post") > 0


def test_a_run_after_new_posts_refreshes_the_stored_numbers(board):
    asked(board, when=ago(days=1))
    build_deflection_stats()
    week = last_days(7)

    asked(board, when=ago(hours=1), answer_after=timedelta(minutes=5))
    assert stored_figures(week)["summary"]["threads"] == 1  # as of the last run

    build_deflection_stats()
    stored = stored_figures(week)
    assert (stored["summary"]["threads"], stored["summary"]["replies"]) == (2, 1)
    assert stored == community_figures(week)


def test_a_period_not_built_yet_is_counted_live(board):
    asked(board, when=ago(days=1))

    assert stored_figures(last_days(7)) is None
    assert community_report(last_days(7))["summary"]["threads"] == 1


def test_a_rollup_built_under_another_query_threshold_is_counted_live(board, settings):
    asked(board, when=ago(days=1))
    build_deflection_stats()

    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 7

    assert stored_figures(last_days(7)) is None
    assert community_report(last_days(7))["summary"]["threads"] == 1


def test_figures_stored_by_an_older_release_are_counted_live(board):
    asked(board, when=ago(days=1))
    build_deflection_stats()
    rollup = PeriodRollup.objects.get(
        board=None, last_day=timezone.localdate(), first_day=last_days(7).start
    )
    rollup.community = {**rollup.community, "version": 0}
    rollup.save(update_fields=["community"])

    assert stored_figures(last_days(7)) is None
    assert community_report(last_days(7))["summary"]["threads"] == 1


def test_the_page_says_when_its_figures_were_counted(board, manager_client):
    asked(board, when=ago(days=1))
    build_deflection_stats()
    built_at = PeriodRollup.objects.get(
        first_day=last_days(7).start, last_day=last_days(7).end, board=None
    ).community_built_at

    stored = manager_client.get(URL, {"period": "7"})
    live = manager_client.get(
        URL, {"period": "custom", "start": "2026-01-01", "end": "2026-01-07"}
    )

    assert stored.context["counted_at"] == built_at
    assert "Counted " in stored.content.decode()
    assert live.context["counted_at"] > built_at
