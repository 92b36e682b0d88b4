"""Community health for the report: how fast and how well the community answers."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
)
from django.utils import timezone

from accounts.models import ExpertCertification
from forum.deflection.selectors.report import ReportFilter, ratio
from forum.models import AcceptedAs, Post, Thread
from forum.moderation.health import busiest_experts, response_times


def _bounds(report: ReportFilter) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(report.start, time.min, tzinfo=zone)
    end = datetime.combine(report.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def community_health(report: ReportFilter) -> dict:
    """New questions, share answered (and within FIRST_RESPONSE_TARGET_MINUTES),
    median and 90th percentile time to first response, share solved, and expert
    activity for the period. The response numbers come from the moderators'
    response-time selectors, so both pages agree."""
    start, end = _bounds(report)
    times = response_times(since=start, until=end, board=report.board)
    return {
        "new": times.threads,
        "answered": times.answered,
        "within_target": times.answered_within_target,
        "solved": times.solved,
        "answered_share": ratio(times.answered, times.threads),
        "within_target_share": ratio(times.answered_within_target, times.threads),
        "solved_share": ratio(times.solved, times.threads),
        "median_first_response": times.median,
        "p90_first_response": times.p90,
        "target_minutes": times.target_minutes,
        "busiest_experts": busiest_experts(since=start, until=end, board=report.board),
        **_expert_activity(report, start, end),
    }


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
