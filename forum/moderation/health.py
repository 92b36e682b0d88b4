"""Community health: how fast questions get a first reply, how many are answered
within the target and solved, and which experts carry the load.

The managers' report reads these too. Everything is aggregated in SQL; percentiles
use the same definition on every database (the smallest wait with at least p of
the waits at or below it, PostgreSQL's ``percentile_disc``), found with one
ordered, offset query each, since SQLite has no percentile function.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import ExpertCertification, User
from forum.console import conf as console_conf
from forum.models import Board, Post, Thread


@dataclass(frozen=True)
class ResponseTimes:
    """First-response numbers for the questions asked in a period."""

    threads: int
    answered: int
    answered_within_target: int
    solved: int
    median: timedelta | None
    p90: timedelta | None
    target_minutes: int

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def share_answered(self) -> float | None:
        return self._share(self.answered, self.threads)

    @property
    def share_within_target(self) -> float | None:
        return self._share(self.answered_within_target, self.threads)

    @property
    def share_solved(self) -> float | None:
        return self._share(self.solved, self.threads)


@dataclass(frozen=True)
class ExpertActivity:
    """One expert's replies and accepted solutions in a period."""

    user: User
    replies: int
    solutions: int


def _questions(
    *, since: datetime, until: datetime, board: Board | None
) -> QuerySet[Thread]:
    threads = Thread.objects.public().filter(
        board__kind="questions", created_at__gte=since, created_at__lt=until
    )
    return threads if board is None else threads.filter(board=board)


def _percentile(waits: QuerySet, count: int, share: float) -> timedelta | None:
    """The nearest-rank percentile, except that an even number of waits has the
    usual median: the mean of the two middle ones."""
    if not count:
        return None
    ordered = waits.order_by("wait").values_list("wait", flat=True)
    if share == 0.5 and count % 2 == 0:
        low, high = ordered[count // 2 - 1 : count // 2 + 1]
        return (low + high) / 2
    index = max(math.ceil(share * count) - 1, 0)
    return ordered[index]


def response_times(
    *, since: datetime, until: datetime, board: Board | None = None
) -> ResponseTimes:
    """Questions asked in [since, until) (in one board, or all): how many, how many
    answered (a reply by someone other than the asker), answered within
    FIRST_RESPONSE_TARGET_MINUTES, solved, and the median and 90th percentile time
    to first response. Three queries."""
    target_minutes = console_conf.first_response_target_minutes()
    target = timedelta(minutes=target_minutes)
    threads = _questions(since=since, until=until, board=board)
    totals = threads.aggregate(
        threads=Count("id"),
        answered=Count("id", filter=Q(first_response_at__isnull=False)),
        within=Count("id", filter=Q(first_response_at__lte=F("created_at") + target)),
        solved=Count("id", filter=Q(solution_post__isnull=False)),
    )
    waits = threads.filter(first_response_at__isnull=False).annotate(
        wait=ExpressionWrapper(
            F("first_response_at") - F("created_at"), output_field=DurationField()
        )
    )
    return ResponseTimes(
        threads=totals["threads"],
        answered=totals["answered"],
        answered_within_target=totals["within"],
        solved=totals["solved"],
        median=_percentile(waits, totals["answered"], 0.5),
        p90=_percentile(waits, totals["answered"], 0.9),
        target_minutes=target_minutes,
    )


def _count_per_user(queryset: QuerySet, user_field: str) -> Coalesce:
    counted = (
        queryset.filter(**{user_field: OuterRef("pk")})
        .order_by()
        .values(user_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def busiest_experts(
    *, since: datetime, until: datetime, board: Board | None = None, limit: int = 5
) -> list[ExpertActivity]:
    """Certified experts (for the board, if given) by public replies written and
    solutions accepted in [since, until), busiest first. One query."""
    certified = ExpertCertification.objects.active()
    replies = (
        Post.objects.public()
        .filter(created_at__gte=since, created_at__lt=until, thread__is_hidden=False)
        .exclude(thread__first_post=F("pk"))
    )
    solutions = Thread.objects.public().filter(
        accepted_at__gte=since, accepted_at__lt=until
    )
    if board is not None:
        certified = certified.filter(Q(board=board) | Q(board__isnull=True))
        replies = replies.filter(thread__board=board)
        solutions = solutions.filter(board=board)
    experts = (
        User.objects.filter(pk__in=certified.values("user_id"), is_active=True)
        .annotate(
            reply_total=_count_per_user(replies, "author"),
            solution_total=_count_per_user(solutions, "solution_post__author"),
        )
        .filter(Q(reply_total__gt=0) | Q(solution_total__gt=0))
        .order_by("-reply_total", "-solution_total", "username")[:limit]
    )
    return [
        ExpertActivity(
            user=user, replies=user.reply_total, solutions=user.solution_total
        )
        for user in experts
    ]
