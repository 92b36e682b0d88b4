"""The community health and engagement report: its figures, the change from the
period before, its page, CSV, filters and query count."""

import csv
import io
from datetime import timedelta

import pytest

from accounts.models import Role
from forum.deflection.models import DailyBoardStats, DailyThreadStats
from forum.deflection.selectors.report import ReportFilter
from forum.models import Kudos
from forum.reports.selectors.community import community_report, engagement_summary
from tests.factories import NewUserFactory, PostFactory, UserFactory
from tests.reports.conftest import ago, asked

pytestmark = pytest.mark.django_db

URL = "/reports/community/"
# Pinned, uncached and counted live (no rollup stored for the period: custom dates,
# or before the first aggregation run; tests/reports/test_community_rollup.py pins
# the stored read): session and member, the site settings (forum.console.conf),
# the filter form's boards, the look-up of the period's stored figures; then for both
# periods at once the day counts (posts, solutions, members) and the distinct
# members; per period the median wait for a solution (two), views, visitors and
# community health (response times, expert activity); the top contributors (two).
# Cached for five minutes per period and board afterwards.
PAGE_QUERIES = 34
WARM_PAGE_QUERIES = 2


def last_days(days: int, board=None) -> ReportFilter:
    from django.utils import timezone

    today = timezone.localdate()
    return ReportFilter(start=today - timedelta(days=days - 1), end=today, board=board)


def test_the_summary_counts_members_contributions_answers_and_solutions(board):
    asker, helper = UserFactory(), UserFactory()
    NewUserFactory()
    answered = asked(
        board,
        author=asker,
        when=ago(days=2),
        answer_after=timedelta(minutes=30),
        solve_after=timedelta(hours=2),
    )
    asked(board, author=asker, when=ago(days=1))
    Kudos.objects.create(post=answered.first_post, user=helper)

    summary = engagement_summary(last_days(7))

    assert summary["threads"] == 2
    assert summary["replies"] == 1
    assert summary["solutions"] == 1
    assert summary["new_members"] == 1  # the others joined a year ago
    assert summary["posting_members"] == 2
    assert summary["active_members"] == 3  # the asker, the replier, the kudos giver
    assert summary["answer_rate"] == 0.5
    assert summary["solution_rate"] == 0.5
    assert summary["median_first_response"] == timedelta(minutes=30)
    assert summary["median_time_to_solution"] == timedelta(hours=2)


def test_the_median_time_to_solution_of_an_even_count_is_the_mean_of_the_middle(
    board,
):
    for hours in (1, 3):
        asked(
            board,
            when=ago(days=3),
            answer_after=timedelta(minutes=5),
            solve_after=timedelta(hours=hours),
        )

    summary = engagement_summary(last_days(7))

    assert summary["median_time_to_solution"] == timedelta(hours=2)


def test_a_board_filter_counts_only_that_board(board, other_board):
    asked(board, when=ago(days=1))
    asked(other_board, when=ago(days=1))
    asked(other_board, when=ago(days=1))

    assert engagement_summary(last_days(7, board))["threads"] == 1
    assert engagement_summary(last_days(7, other_board))["threads"] == 2


def test_staff_replies_are_counted_apart(board, moderator):
    thread = asked(board, when=ago(days=1))
    PostFactory(thread=thread, author=moderator, created_at=ago(hours=20))
    PostFactory(thread=thread, created_at=ago(hours=19))

    summary = engagement_summary(last_days(7))

    assert (summary["replies"], summary["staff_replies"], summary["active_staff"]) == (
        2,
        1,
        1,
    )


def test_views_and_visitors_come_from_the_daily_aggregates(board):
    from django.utils import timezone

    thread = asked(board, when=ago(days=1))
    today = timezone.localdate()
    DailyThreadStats.objects.create(day=today, board=board, thread=thread, opened=4)
    DailyBoardStats.objects.create(day=today, board=board, visitors=3)
    DailyBoardStats.objects.create(day=today - timedelta(days=30), visitors=50)

    summary = engagement_summary(last_days(7))

    assert (summary["page_views"], summary["visitors"]) == (4, 3)


def test_the_report_compares_with_the_period_of_the_same_length_before(board):
    asked(board, when=ago(days=1))
    asked(board, when=ago(days=2))
    asked(board, when=ago(days=3))
    asked(board, when=ago(days=10))  # the 7 days before

    report = community_report(last_days(7))

    change = report["changes"]["threads"]
    assert report["previous"]["threads"] == 1
    assert (change.direction, change.verdict) == ("up", "better")
    assert change.text == "up 2 (200%) from 1, better"


def test_the_trend_has_one_row_per_day_with_the_days_posts(board):
    asked(board, when=ago(days=1), answer_after=timedelta(minutes=1))

    trend = community_report(last_days(7))["trend"]

    assert len(trend) == 7
    assert sum(row["threads"] for row in trend) == 1
    assert sum(row["replies"] for row in trend) == 1


def test_top_contributors_mark_staff(board, moderator):
    thread = asked(board, when=ago(days=1))
    PostFactory(thread=thread, author=moderator, created_at=ago(hours=5))
    PostFactory(thread=thread, author=moderator, created_at=ago(hours=4))

    rows = community_report(last_days(7))["top_contributors"]

    assert rows[0]["username"] == moderator.username
    assert rows[0]["posts"] == 2
    assert rows[0]["is_staff"] is True
    assert rows[1]["is_staff"] is False


# --- the page ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["customer", "moderator", "expert"])
def test_members_without_the_manager_role_get_403(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(URL + "daily.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_the_page_shows_the_figures_the_change_and_a_chart(manager_client, board):
    asked(board, when=ago(days=1), answer_after=timedelta(minutes=5))

    response = manager_client.get(URL, {"period": "7"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Community health and engagement" in page
    assert 'aria-current="page"' in page and "/reports/search/?period=7" in page
    assert "up 1 from 0" in page
    assert page.count('role="img"') == 2  # the wide and the narrow drawing
    assert "chart-bar series-brand" in page


@pytest.mark.parametrize(
    "params",
    [
        {"period": "365"},
        {"period": "custom", "start": "2026-01-10", "end": "2026-01-01"},
        {"period": "custom", "start": "not a date", "end": "2026-01-01"},
        {"board": "999999"},
    ],
)
def test_bad_filters_show_a_form_error_and_no_report(manager_client, params):
    response = manager_client.get(URL, params)

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "summary" not in response.context


def test_bad_filters_on_a_csv_are_a_400(manager_client):
    response = manager_client.get(URL + "daily.csv", {"period": "365"})

    assert response.status_code == 400
    assert "period" in response.content.decode()


def test_an_unknown_csv_table_is_a_404(manager_client):
    assert manager_client.get(URL + "nothing.csv").status_code == 404


def test_the_csv_tables_carry_the_page_numbers(manager_client, board, moderator):
    thread = asked(board, when=ago(days=1))
    PostFactory(thread=thread, author=moderator, created_at=ago(hours=5))

    headlines = manager_client.get(URL + "headlines.csv", {"period": "7"})
    contributors = manager_client.get(URL + "top-contributors.csv", {"period": "7"})
    daily = manager_client.get(URL + "daily.csv", {"period": "7"})

    rows = list(csv.reader(io.StringIO(headlines.content.decode())))
    assert rows[0] == ["figure", "this period", "previous period", "change"]
    assert ["threads", "1", "0", "up 1 from 0, better"] in rows
    people = list(csv.reader(io.StringIO(contributors.content.decode())))
    assert [moderator.username, "1", "0", "yes"] in people
    assert len(list(csv.reader(io.StringIO(daily.content.decode())))) == 8


def test_a_contributor_name_that_looks_like_a_formula_is_neutralised(
    manager_client, board
):
    author = UserFactory(username="=cmd", role=Role.CUSTOMER)
    asked(board, author=author, when=ago(days=1))

    response = manager_client.get(URL + "top-contributors.csv", {"period": "7"})

    assert "'=cmd" in response.content.decode()


def page_queries(client, django_assert_num_queries, params):
    from django.core.cache import cache

    client.get(URL)  # the member's cached records
    cache.clear()
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL, params)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_query_count_does_not_grow_with_threads_or_members(
    manager_client, board, django_assert_num_queries, count
):
    for n in range(count):
        asked(
            board,
            when=ago(days=1, minutes=n),
            answer_after=timedelta(minutes=3),
            solve_after=timedelta(minutes=30),
        )

    page_queries(manager_client, django_assert_num_queries, {"period": "7"})


def test_distinct_members_count_each_member_once_in_each_period(board, moderator):
    regular, fan = UserFactory(), UserFactory()
    old = asked(board, author=regular, when=ago(days=9))
    asked(board, author=regular, when=ago(days=2))
    asked(board, author=regular, when=ago(days=1))
    PostFactory(thread=old, author=moderator, created_at=ago(days=8))
    Kudos.objects.create(post=old.first_post, user=fan, created_at=ago(days=1))

    report = community_report(last_days(7))

    now, before = report["summary"], report["previous"]
    assert (now["active_members"], now["posting_members"], now["active_staff"]) == (
        2,
        1,
        0,
    )
    assert (before["active_members"], before["posting_members"]) == (2, 2)
    assert before["active_staff"] == 1


def test_a_second_view_of_the_same_period_and_board_reads_the_cached_report(
    manager_client, board, django_assert_num_queries
):
    asked(board, when=ago(days=1), answer_after=timedelta(minutes=3))
    manager_client.get(URL, {"period": "7"})

    # The member (the session is cached) and the filter form's boards only.
    with django_assert_num_queries(WARM_PAGE_QUERIES):
        assert manager_client.get(URL, {"period": "7"}).status_code == 200


def test_the_busiest_experts_are_listed_and_exported(manager_client, board, expert):
    thread = asked(board, when=ago(days=1))
    PostFactory(thread=thread, author=expert, created_at=ago(hours=20))
    PostFactory(thread=thread, author=expert, created_at=ago(hours=19))

    page = manager_client.get(URL, {"period": "7"}).content.decode()
    exported = manager_client.get(URL + "busiest-experts.csv", {"period": "7"})

    assert "Busiest experts" in page
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows == [
        ["expert", "replies", "solutions accepted"],
        [expert.username, "2", "0"],
    ]
