"""Community health for the report: how fast and how well the community answers."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
)
from django.utils import timezone

from accounts.models import ExpertCertification
from forum.deflection import conf
from forum.deflection.selectors.report import ReportFilter, ratio
from forum.models import AcceptedAs, Post, Thread


def _bounds(report: ReportFilter) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(report.start, time.min, tzinfo=zone)
    end = datetime.combine(report.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def community_health(report: ReportFilter) -> dict:
    """New threads, share answered (and within FIRST_RESPONSE_TARGET_MINUTES), median
    time to first response, share solved, and expert activity, for the period."""
    start, end = _bounds(report)
    threads = Thread.objects.public().filter(created_at__gte=start, created_at__lt=end)
    if report.board is not None:
        threads = threads.filter(board=report.board)
    target = conf.first_response_target()
    totals = threads.aggregate(
        new=Count("pk"),
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        within_target=Count(
            "pk", filter=Q(first_response_at__lte=F("created_at") + target)
        ),
        solved=Count("pk", filter=Q(solution_post__isnull=False)),
    )
    return {
        **totals,
        "answered_share": ratio(totals["answered"], totals["new"]),
        "within_target_share": ratio(totals["within_target"], totals["new"]),
        "solved_share": ratio(totals["solved"], totals["new"]),
        "median_first_response": _median_first_response(threads, totals["answered"]),
        "target_minutes": int(target.total_seconds() // 60),
        **_expert_activity(report, start, end),
    }


def _median_first_response(threads, answered: int) -> timedelta | None:
    """The median wait, picked by the database from the sorted waits."""
    if not answered:
        return None
    waits = (
        threads.filter(first_response_at__isnull=False)
        .annotate(
            wait=ExpressionWrapper(
                F("first_response_at") - F("created_at"), output_field=DurationField()
            )
        )
        .order_by("wait")
        .values_list("wait", flat=True)
    )
    middle = answered // 2
    if answered % 2:
        return waits[middle]
    low, high = waits[middle - 1 : middle + 1]
    return (low + high) / 2


def _expert_activity(report: ReportFilter, start: datetime, end: datetime) -> dict:
    now = timezone.now()
    certified = ExpertCertification.objects.active(now).filter(
        Q(board__isnull=True) | Q(board=OuterRef("thread__board")),
        user=OuterRef("author"),
    )
    replies = (
        Post.objects.public()
        .filter(Exists(certified), created_at__gte=start, created_at__lt=end)
        .exclude(thread__first_post=F("pk"))
    )
    solutions = Thread.objects.public().filter(
        accepted_as=AcceptedAs.EXPERT, accepted_at__gte=start, accepted_at__lt=end
    )
    if report.board is not None:
        replies = replies.filter(thread__board=report.board)
        solutions = solutions.filter(board=report.board)
    activity = replies.aggregate(
        expert_replies=Count("pk"), active_experts=Count("author", distinct=True)
    )
    return {**activity, "expert_solutions": solutions.count()}
