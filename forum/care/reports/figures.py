"""The care report's figures, for the cases opened in a period (and optionally
on one channel).

Every rate is over that cohort of cases, so the figures of one period do not
move when a later period is looked at; only agent workload counts activity in the
period (cases resolved, replies sent) and what each agent holds now. A target is
*met* when the response (or resolution) came at or before its due time, *missed*
when it came later or has not come and its due time has passed; a case whose
target is still ahead of it counts in neither, so the share within target is
met / (met + missed).

Counts are made in SQL, grouped by channel (the headline figures are the sum of
the channel rows). Medians and 90th percentiles are computed in Python from one
``values_list`` query per measure: at the desk's scale (thousands of cases a
month) that is a few kilobytes, and it keeps both engines exact. The median is the
usual one (the mean of the two middle waits when their number is even); the 90th
percentile is the nearest-rank one (the wait at rank ceil(0.9 x n)), as the
moderators' response-time figures use.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import Role, User
from forum.care.models import Case, CaseMessage, CaseStatus, Direction, Network
from forum.deflection.selectors.report import ratio
from forum.reports.charts import Series, trend_chart

WORKLOAD_ROLES = (Role.AGENT, Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR)
ANSWERED_IN_TIME = Q(first_response_at__lte=F("first_response_due"))
UNRESOLVED = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING)
CONTENT_ROWS = 20
# The channel rows' counts; the headline figures add them up.
COUNTS = (
    "cases",
    "responded",
    "first_met",
    "first_missed",
    "resolution_met",
    "resolution_missed",
    "same_day",
    "community",
)
CARE_SERIES = [
    Series("within", gettext_lazy("Answered within target"), "series-good"),
    Series("other", gettext_lazy("Opened, not answered within target"), "series-muted"),
]


@dataclass(frozen=True)
class CareReportFilter:
    start: date
    end: date
    network: str = ""

    @property
    def days(self) -> list[date]:
        return [
            self.start + timedelta(n) for n in range((self.end - self.start).days + 1)
        ]

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The first and last days as [since, until) instants in the site's time
        zone (the calendar the desk and its customers share)."""
        zone = site_zone()
        since = datetime.combine(self.start, time.min, tzinfo=zone)
        until = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return since, until

    @property
    def network_label(self) -> str:
        return Network(self.network).label if self.network else ""


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _cases(report: CareReportFilter):
    since, until = report.bounds
    cases = Case.objects.filter(opened_at__gte=since, opened_at__lt=until)
    return cases.filter(network=report.network) if report.network else cases


def _count_filters(now: datetime) -> dict:
    outbound = CaseMessage.objects.filter(
        case=OuterRef("pk"), direction=Direction.OUTBOUND
    )
    unanswered_late = Q(first_response_at__isnull=True, first_response_due__lte=now)
    unresolved_late = Q(resolved_at__isnull=True, resolution_due__lte=now)
    return {
        "cases": Count("pk"),
        "responded": Count("pk", filter=Q(Exists(outbound))),
        "first_met": Count("pk", filter=ANSWERED_IN_TIME),
        "first_missed": Count(
            "pk",
            filter=Q(first_response_at__gt=F("first_response_due")) | unanswered_late,
        ),
        "resolution_met": Count("pk", filter=Q(resolved_at__lte=F("resolution_due"))),
        "resolution_missed": Count(
            "pk", filter=Q(resolved_at__gt=F("resolution_due")) | unresolved_late
        ),
        "same_day": Count("pk", filter=Q(opened_day=F("answered_day"))),
        "community": Count("pk", filter=Q(answered_with_community_at__isnull=False)),
    }


def _rates(counts: dict) -> dict:
    return {
        **counts,
        "response_rate": ratio(counts["responded"], counts["cases"]),
        "first_within_target": ratio(
            counts["first_met"], counts["first_met"] + counts["first_missed"]
        ),
        "resolution_within_target": ratio(
            counts["resolution_met"],
            counts["resolution_met"] + counts["resolution_missed"],
        ),
        "same_day_rate": ratio(counts["same_day"], counts["cases"]),
    }


def channel_rows(report: CareReportFilter, *, now: datetime) -> list[dict]:
    """Per channel with cases in the period: the counts and rates. One query."""
    zone = site_zone()
    rows = (
        _cases(report)
        .annotate(
            opened_day=TruncDate("opened_at", tzinfo=zone),
            answered_day=TruncDate("first_response_at", tzinfo=zone),
        )
        .order_by()
        .values("network")
        .annotate(**_count_filters(now))
        .order_by("-cases", "network")
    )
    labels = dict(Network.choices)
    return [
        {**_rates(row), "label": labels.get(row["network"], row["network"])}
        for row in rows
    ]


def _median(values: list[float]) -> timedelta | None:
    return timedelta(minutes=statistics.median(values)) if values else None


def _nearest_rank(values: list[float], share: float) -> timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    return timedelta(minutes=ordered[max(math.ceil(share * len(ordered)) - 1, 0)])


def wait_minutes(report: CareReportFilter, field: str) -> list[float]:
    """Wall-clock minutes from opening to ``field`` (first response, resolution)
    for the period's cases that have it. One query."""
    pairs = (
        _cases(report)
        .filter(**{f"{field}__isnull": False})
        .values_list("opened_at", field)
    )
    return [(done - opened) / timedelta(minutes=1) for opened, done in pairs]


def summary(report: CareReportFilter, channels: list[dict]) -> dict:
    """The headline figures: the channels' counts added up, and the waits."""
    totals = _rates({name: sum(row[name] for row in channels) for name in COUNTS})
    first = wait_minutes(report, "first_response_at")
    resolution = wait_minutes(report, "resolved_at")
    return {
        **totals,
        "median_first_response": _median(first),
        "p90_first_response": _nearest_rank(first, 0.9),
        "median_resolution": _median(resolution),
        "p90_resolution": _nearest_rank(resolution, 0.9),
    }


def daily_rows(report: CareReportFilter) -> list[dict]:
    """Each day of the period: cases opened, and those of them answered within
    their first-response target. One query."""
    counted = {
        row["day"]: row
        for row in _cases(report)
        .annotate(day=TruncDate("opened_at", tzinfo=site_zone()))
        .order_by()
        .values("day")
        .annotate(
            opened=Count("pk"),
            within=Count("pk", filter=ANSWERED_IN_TIME),
        )
    }
    rows = []
    for day in report.days:
        row = counted.get(day, {"opened": 0, "within": 0})
        rows.append(
            {
                "day": day,
                "opened": row["opened"],
                "within": row["within"],
                "other": row["opened"] - row["within"],
            }
        )
    return rows


def _count_per_agent(queryset, user_field: str) -> Coalesce:
    counted = (
        queryset.filter(**{user_field: OuterRef("pk")})
        .order_by()
        .values(user_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def agent_workload(report: CareReportFilter) -> list[User]:
    """Agents and staff with cases held now, cases they held resolved in the
    period, or replies sent in the period, busiest first. One query: the staff
    are few, each counted by three indexed subqueries."""
    since, until = report.bounds
    cases = Case.objects.all()
    replies = CaseMessage.objects.filter(
        direction=Direction.OUTBOUND, sent_at__gte=since, sent_at__lt=until
    )
    if report.network:
        cases = cases.filter(network=report.network)
        replies = replies.filter(case__network=report.network)
    return list(
        User.objects.filter(Q(role__in=WORKLOAD_ROLES) | Q(is_superuser=True))
        .annotate(
            open_now=_count_per_agent(cases.filter(status__in=UNRESOLVED), "assignee"),
            resolved=_count_per_agent(
                cases.filter(
                    status=CaseStatus.RESOLVED,
                    resolved_at__gte=since,
                    resolved_at__lt=until,
                ),
                "assignee",
            ),
            replies=_count_per_agent(replies, "agent"),
        )
        .filter(Q(open_now__gt=0) | Q(resolved__gt=0) | Q(replies__gt=0))
        .order_by("-open_now", "-replies", "-resolved", "username")
    )


def community_content(report: CareReportFilter) -> list[dict]:
    """The solved threads and articles agents linked in replies sent in the
    period, by how many cases each answered. One query."""
    since, until = report.bounds
    links = CaseMessage.objects.filter(
        direction=Direction.OUTBOUND, sent_at__gte=since, sent_at__lt=until
    ).filter(Q(linked_thread__isnull=False) | Q(linked_article__isnull=False))
    if report.network:
        links = links.filter(case__network=report.network)
    return list(
        links.order_by()
        .values(
            "linked_thread_id",
            "linked_thread__title",
            "linked_article_id",
            "linked_article__title",
        )
        .annotate(cases=Count("case", distinct=True))
        .order_by("-cases", "linked_thread__title", "linked_article__title")[
            :CONTENT_ROWS
        ]
    )


def care_report(report: CareReportFilter, *, now: datetime | None = None) -> dict:
    """Every figure and table of the care report: six queries, whatever the
    number of cases."""
    now = now or timezone.now()
    channels = channel_rows(report, now=now)
    daily = daily_rows(report)
    return {
        "summary": summary(report, channels),
        "channels": channels,
        "daily": daily,
        "chart": trend_chart(
            daily, series=CARE_SERIES, title=gettext("Cases opened each day")
        ),
        "workload": agent_workload(report),
        "content": community_content(report),
    }
