"""A fixed week of report numbers: the week being summarised and the one before."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forum.deflection.models import DailyBoardStats
from forum.models import Post
from tests.factories import ThreadFactory

SYDNEY = ZoneInfo("Australia/Sydney")
# A Tuesday morning in the site's time zone: the last full week is Mon 30 Nov to
# Sun 6 Dec 2026, the one before it Mon 23 to Sun 29 Nov.
NOW = datetime(2026, 12, 8, 9, 0, tzinfo=SYDNEY)
WEEK = (date(2026, 11, 30), date(2026, 12, 6))
WEEK_BEFORE = (date(2026, 11, 23), date(2026, 11, 29))


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.TIME_ZONE = "Australia/Sydney"
    clock = Clock(NOW)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def day_stats(day: date, board=None, **numbers) -> DailyBoardStats:
    return DailyBoardStats.objects.create(day=day, board=board, **numbers)


def question(board, *, asked: datetime, answered_after: timedelta | None = None):
    """A question asked at ``asked``, answered (its first response) after a wait."""
    thread = ThreadFactory(board=board, created_at=asked)
    if answered_after is not None:
        thread.first_response_at = asked + answered_after
        thread.save(update_fields=["first_response_at"])
    return thread


def solve(thread) -> None:
    reply = Post.objects.create(
        thread=thread, author=thread.author, body="Fixed", body_html="<p>Fixed</p>"
    )
    thread.solution_post = reply
    thread.save(update_fields=["solution_post"])


@pytest.fixture
def two_weeks(db, clock, board):
    """The summarised week: 8 journeys with a search, 5 deflected (62.5%), 10
    visitors of whom 2 filed a ticket (5 : 1), 2 questions (one answered in 30
    minutes and solved). The week before: 4 searched, 2 deflected (50%), 6
    visitors and 3 with a ticket (2 : 1), 1 question answered in 90 minutes."""
    day_stats(WEEK[0], board, searched_journeys=5, deflected=3, visitors=6)
    day_stats(
        WEEK[1], board, searched_journeys=3, deflected=2, visitors=4, ticket_visitors=2
    )
    day_stats(
        WEEK_BEFORE[0],
        board,
        searched_journeys=4,
        deflected=2,
        visitors=6,
        ticket_visitors=3,
    )
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=SYDNEY)
    solve(question(board, asked=monday, answered_after=timedelta(minutes=30)))
    question(board, asked=monday + timedelta(days=2))
    question(
        board, asked=monday - timedelta(days=6), answered_after=timedelta(minutes=90)
    )
    return board
