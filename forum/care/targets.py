"""Response targets: when a case's first response and resolution fall due, and
how close the next one is (the queue's order and its warnings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from forum.care import clock
from forum.care.models import OPEN_STATUSES, CareTeam, Case, ResponseTarget

DEFAULT_FIRST_RESPONSE_MINUTES = 60


@dataclass(frozen=True)
class Target:
    first_response_minutes: int = DEFAULT_FIRST_RESPONSE_MINUTES
    # None: by the close of the business day the case opened on.
    resolution_minutes: int | None = None


def target_for(network: str, priority: str) -> Target:
    """The most specific target row for this channel and priority (both named,
    then the channel, then the priority, then neither), else the defaults."""
    rows = ResponseTarget.objects.filter(
        network__in=[network, ""], priority__in=[priority, ""]
    )
    best = max(
        rows,
        key=lambda row: (row.network == network, row.priority == priority),
        default=None,
    )
    if best is None:
        return Target()
    return Target(best.first_response_minutes, best.resolution_minutes)


def due_times(
    opened_at: datetime, *, network: str, priority: str, team: CareTeam | None
) -> tuple[datetime, datetime]:
    """(first response due, resolution due) for a case opened at ``opened_at``."""
    target = target_for(network, priority)
    first = clock.add_business_minutes(opened_at, target.first_response_minutes, team)
    if target.resolution_minutes is None:
        resolution = clock.end_of_business_day(opened_at, team)
    else:
        resolution = clock.add_business_minutes(
            opened_at, target.resolution_minutes, team
        )
    return first, max(first, resolution)


def next_due(case: Case) -> datetime | None:
    """The next target the case can breach while it waits on an agent."""
    if case.status not in OPEN_STATUSES:
        return None
    if case.first_response_at is None:
        return case.first_response_due
    return case.resolution_due


def warning_window() -> timedelta:
    return timedelta(minutes=settings.CARE_BREACH_WARNING_MINUTES)


def breach_state(case: Case, now: datetime | None = None) -> str:
    """ "breached", "warning" (due within the warning window) or "" for a case
    with time to spare or nothing due."""
    due = case.next_due_at
    if due is None:
        return ""
    now = now or timezone.now()
    if due <= now:
        return "breached"
    if due - now <= warning_window():
        return "warning"
    return ""
