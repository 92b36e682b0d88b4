"""Business-hours arithmetic for response targets: a target of 60 minutes on a
case that arrives at 7 pm on a Friday falls due at 9 am on Monday for a team that
opens at 8 am on weekdays. Pure functions of a time and a team, so they are
tested on their own.

A team's day runs from ``opens_at`` to ``closes_at`` on its ``working_days``, in
its own time zone; without a team, or for a team that is always open, time runs
around the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

if TYPE_CHECKING:
    from forum.care.models import CareTeam

# No sane set of business hours needs more days to pass a target.
_MAX_DAYS = 370


def _zone(team: CareTeam | None) -> ZoneInfo:
    try:
        return ZoneInfo(team.time_zone if team else settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _runs_around_the_clock(team: CareTeam | None) -> bool:
    return (
        team is None
        or team.is_always_open
        or not _working_days(team)
        or _as_time(team.opens_at) >= _as_time(team.closes_at)
    )


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def _working_days(team: CareTeam) -> frozenset[int]:
    return frozenset(int(c) for c in team.working_days if c in "1234567")


def _window(team: CareTeam, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    opens = datetime.combine(day, _as_time(team.opens_at), tzinfo=zone)
    closes = datetime.combine(day, _as_time(team.closes_at), tzinfo=zone)
    return opens, closes


def _windows_from(moment: datetime, team: CareTeam):
    """The team's open windows that end after ``moment``, in order, each clipped
    to start no earlier than ``moment``."""
    zone = _zone(team)
    local = moment.astimezone(zone)
    days = _working_days(team)
    for offset in range(_MAX_DAYS):
        day = local.date() + timedelta(days=offset)
        if day.isoweekday() not in days:
            continue
        opens, closes = _window(team, day, zone)
        if closes <= local:
            continue
        # In UTC, so arithmetic across a daylight-saving change stays exact.
        yield max(opens, local).astimezone(UTC), closes.astimezone(UTC)


def add_business_minutes(
    start: datetime, minutes: int, team: CareTeam | None
) -> datetime:
    """The moment ``minutes`` of the team's business time after ``start``."""
    if _runs_around_the_clock(team):
        return start + timedelta(minutes=minutes)
    left = timedelta(minutes=max(0, minutes))
    last = start
    for opens, closes in _windows_from(start, team):
        if opens + left <= closes:
            return (opens + left).astimezone(start.tzinfo)
        left -= closes - opens
        last = closes
    return last.astimezone(start.tzinfo)


def end_of_business_day(start: datetime, team: CareTeam | None) -> datetime:
    """Close of the business day ``start`` falls in, or of the next one when it
    falls after hours; without business hours, the next local midnight."""
    if _runs_around_the_clock(team):
        zone = _zone(team)
        local = start.astimezone(zone)
        midnight = datetime.combine(local.date() + timedelta(days=1), time(), zone)
        return midnight.astimezone(start.tzinfo)
    for _opens, closes in _windows_from(start, team):
        return closes.astimezone(start.tzinfo)
    return start


def is_open(moment: datetime, team: CareTeam | None) -> bool:
    """Whether the team is at work at ``moment``."""
    if _runs_around_the_clock(team):
        return True
    zone = _zone(team)
    local = moment.astimezone(zone)
    if local.isoweekday() not in _working_days(team):
        return False
    opens, closes = _window(team, local.date(), zone)
    return opens <= local < closes
