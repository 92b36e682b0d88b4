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

from accounts.models import ExpertCertification, User
from forum.deflection.models import PeriodRollup
from forum.deflection.selectors.report import ReportFilter, ratio
from forum.models import AcceptedAs, Post, Thread
from forum.moderation.health import ExpertActivity, busiest_experts, response_times


def _bounds(report: ReportFilter) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(report.start, time.min, tzinfo=zone)
    end = datetime.combine(report.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def community_health(report: ReportFilter, *, rollup: int | None = None) -> dict:
    """New questions, share answered (and within FIRST_RESPONSE_TARGET_MINUTES),
    median and 90th percentile time to first response, share solved, and expert
    activity for the period: as the last aggregation run found them, when
    ``rollup`` (the report's period and board) has them, else live. The response
    numbers come from the moderators' response-time selectors, so both pages
    agree."""
    if rollup is not None:
        stored = PeriodRollup.objects.filter(pk=rollup).values_list("health")
        for (health,) in stored:
            if health is not None:
                return health_from_json(health)
    return live_community_health(report)


def live_community_health(report: ReportFilter) -> dict:
    """Community health computed now, over every thread and post of the period."""
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


# Kept as JSON: waits in microseconds, experts by the fields the report shows.
DURATIONS = ("median_first_response", "p90_first_response")


def health_as_json(health: dict) -> dict:
    """Community health as a rollup keeps it (``health_from_json`` reverses it)."""
    data = {key: value for key, value in health.items() if key != "busiest_experts"}
    for key in DURATIONS:
        if data[key] is not None:
            data[key] = data[key] // timedelta(microseconds=1)
    data["busiest_experts"] = [
        {
            "id": row.user.pk,
            "username": row.user.username,
            "display_name": row.user.display_name,
            "replies": row.replies,
            "solutions": row.solutions,
        }
        for row in health["busiest_experts"]
    ]
    return data


def health_from_json(data: dict) -> dict:
    health = dict(data)
    for key in DURATIONS:
        if health[key] is not None:
            health[key] = timedelta(microseconds=health[key])
    health["busiest_experts"] = [
        ExpertActivity(
            user=User(
                pk=row["id"],
                username=row["username"],
                display_name=row["display_name"],
            ),
            replies=row["replies"],
            solutions=row["solutions"],
        )
        for row in data["busiest_experts"]
    ]
    return health
