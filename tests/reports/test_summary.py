"""The summary's figures, their change against the period before, and its periods."""

from datetime import date, datetime, timedelta

import pytest

from forum.deflection.selectors.report import ReportFilter
from forum.reports.sending import summary_period
from forum.reports.summary import (
    last_full_period,
    previous_filter,
    summary_figures,
)
from tests.reports.conftest import SYDNEY, WEEK, WEEK_BEFORE, day_stats

pytestmark = pytest.mark.django_db


def week_filter(board=None) -> ReportFilter:
    return ReportFilter(start=WEEK[0], end=WEEK[1], board=board)


def test_the_figures_hold_the_period_the_one_before_and_the_change(two_weeks):
    figures = summary_figures(week_filter())

    rate = figures.figure("deflection_rate")
    assert (rate.display, rate.change.text, rate.change.direction) == (
        "62.5%",
        "up 12.5 points from 50%, better",
        "up",
    )
    assert figures.figure("deflected").change.text == "up 3 (150%) from 2, better"
    savings = figures.figure("savings")
    assert savings.display == "$60.00"
    assert savings.change.text == "up $36.00 (150%) from $24.00, better"
    score = figures.figure("self_service_score")
    assert (score.display, score.change.text) == ("5 : 1", "up 3 from 2 : 1, better")


def test_community_health_comes_with_its_change(two_weeks):
    figures = summary_figures(week_filter())

    new_threads = figures.figure("new_threads").change.text
    assert new_threads == "up 1 (100%) from 1, better"
    answered = figures.figure("answered_share")
    assert answered.display == "50%"
    assert answered.change.text == "down 50 points from 100%, worse"
    assert figures.figure("solved_share").display == "50%"
    wait = figures.figure("median_first_response")
    assert (wait.display, wait.change.text) == (
        "30 min",
        "down 1 h 0 min from 1 h 30 min, better",
    )


def test_a_shorter_wait_counts_as_better_and_a_lower_rate_as_worse(two_weeks):
    figures = summary_figures(week_filter())

    assert figures.figure("median_first_response").change.verdict == "better"
    assert figures.figure("answered_share").change.verdict == "worse"
    assert figures.figure("deflection_rate").change.verdict == "better"


def test_the_previous_period_is_the_week_before(two_weeks):
    figures = summary_figures(week_filter())

    assert (figures.previous.start, figures.previous.end) == WEEK_BEFORE


def test_figures_without_a_previous_period_have_no_change(db, board):
    day_stats(WEEK[0], board, searched_journeys=2, deflected=1, visitors=2)

    figures = summary_figures(week_filter())

    rate = figures.figure("deflection_rate")
    assert rate.display == "50%"
    assert rate.change is None
    assert rate.change_text == "nothing to compare with"


def test_a_figure_unknown_now_still_names_its_value_before(db, board):
    day_stats(WEEK_BEFORE[0], board, searched_journeys=4, deflected=1, visitors=4)

    rate = summary_figures(week_filter()).figure("deflection_rate")

    assert (rate.display, rate.change) == ("–", None)
    assert rate.change_text == "was 25%"


def test_the_board_filter_counts_only_that_board(two_weeks, other_board):
    day_stats(WEEK[0], other_board, searched_journeys=100, deflected=0)

    only_board = summary_figures(week_filter(two_weeks))
    everything = summary_figures(week_filter())

    assert only_board.figure("deflection_rate").display == "62.5%"
    assert everything.figure("deflection_rate").display == "4.6%"


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (date(2026, 12, 7), (date(2026, 11, 30), date(2026, 12, 6))),  # a Monday
        (date(2026, 12, 13), (date(2026, 11, 30), date(2026, 12, 6))),  # a Sunday
        (date(2026, 12, 14), (date(2026, 12, 7), date(2026, 12, 13))),
    ],
)
def test_the_weekly_period_is_the_last_full_monday_to_sunday(today, week):
    assert last_full_period("weekly", today=today) == week


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (date(2026, 12, 1), (date(2026, 11, 1), date(2026, 11, 30))),
        (date(2026, 12, 31), (date(2026, 11, 1), date(2026, 11, 30))),
        (date(2026, 3, 2), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2027, 1, 15), (date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_the_monthly_period_is_the_last_full_calendar_month(today, month):
    assert last_full_period("monthly", today=today) == month


def test_the_month_before_a_whole_month_is_the_previous_calendar_month():
    march = ReportFilter(start=date(2026, 3, 1), end=date(2026, 3, 31))

    previous = previous_filter(march)

    assert (previous.start, previous.end) == (date(2026, 2, 1), date(2026, 2, 28))


def test_the_period_is_counted_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Australia/Sydney"
    # Sunday 23:00 UTC is already Monday 10:00 in Sydney: the week has ended there.
    sunday_in_utc = datetime.fromisoformat("2026-12-06T23:00:00+00:00")

    assert summary_period("weekly", now=sunday_in_utc) == WEEK


def test_a_period_is_not_complete_until_its_last_evening_has_settled(settings):
    settings.TIME_ZONE = "Australia/Sydney"
    # Monday 02:00 in Sydney: the last journeys of Sunday night are still counting.
    early_monday = datetime(2026, 12, 7, 2, 0, tzinfo=SYDNEY)

    assert summary_period("weekly", now=early_monday) == WEEK_BEFORE
    assert summary_period("weekly", now=early_monday + timedelta(hours=5)) == WEEK
