"""The managers' deflection report: every number comes from the daily aggregates,
summed in SQL for the chosen period and board. The query and thread tables are in
``rankings``; for the standard periods they come ranked from a rollup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    DeflectionSettings,
    PeriodRollup,
    StatsBuildState,
    Ticket,
    TicketMatch,
)

# The periods the report offers (days ending today); the aggregation job keeps
# their query and thread tables ranked in rollups.
STANDARD_PERIODS = (7, 30, 90)
TABLE_ROWS = 20
BOARD_TOTALS = (
    "journeys",
    "searched_journeys",
    "searches",
    "zero_result_searches",
    "clicks",
    "tickets",
    "deflected",
    "engaged",
    "confirmed",
    "failed",
    "question_deflected",
    "visitors",
    "ticket_visitors",
)


@dataclass(frozen=True)
class ReportFilter:
    start: date
    end: date
    board: object | None = None

    @property
    def days(self) -> list[date]:
        return [
            self.start + timedelta(n) for n in range((self.end - self.start).days + 1)
        ]


def ratio(part: int | None, whole: int | None) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return (part or 0) / whole if whole else None


def _in_period(queryset: QuerySet, report: ReportFilter) -> QuerySet:
    queryset = queryset.filter(day__gte=report.start, day__lte=report.end)
    if report.board is not None:
        queryset = queryset.filter(board=report.board)
    return queryset


@dataclass(frozen=True)
class AggregatesVersion:
    # Changes whenever aggregates are rebuilt: a cache key for the report.
    key: str
    # The rollup keeping the report's ranked tables, if the job has built one.
    rollup: int | None


def aggregates_version(report: ReportFilter) -> AggregatesVersion:
    """The aggregates' version and the report's rollup. A rebuild deletes a day's
    rows and inserts new ones (so the newest ids move on) and stamps its run.
    Six index lookups in one statement, no scan."""
    newest = ", ".join(
        f"(SELECT MAX(id) FROM {model._meta.db_table})"  # noqa: S608  # nosec B608
        for model in (
            DailyBoardStats,
            DailyQueryStats,
            DailyThreadStats,
            DailyArticleStats,
        )
    )
    state = StatsBuildState._meta.db_table
    rollup, params = _rollup_sql(report)
    built = f"(SELECT last_run_at FROM {state} WHERE id = 1)"  # noqa: S608  # nosec B608
    statement = f"SELECT {newest}, {built}, ({rollup})"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        *version, rollup_id = cursor.fetchone()
    key = "-".join(str(value).replace(" ", "T") for value in version)
    return AggregatesVersion(key=key, rollup=rollup_id)


def period_rollup(report: ReportFilter) -> int | None:
    """The rollup keeping the report's ranked query and thread tables, or None:
    not a standard period, not built yet, or ranked under another query threshold."""
    statement, params = _rollup_sql(report)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _rollup_sql(report: ReportFilter) -> tuple[str, list]:
    board, params = "board_id IS NULL", [report.start, report.end]
    if report.board is not None:
        board, params = "board_id = %s", [*params, report.board.pk]
    statement = (
        f"SELECT id FROM {PeriodRollup._meta.db_table} "  # noqa: S608  # nosec B608
        f"WHERE first_day = %s AND last_day = %s AND {board} AND min_journeys = %s"
    )
    return statement, [*params, conf.min_journeys_per_query()]


def board_days(report: ReportFilter) -> list[dict]:
    """The period's board aggregates summed per day: one query feeds both the tiles
    and the trend (at most one row per day of the period)."""
    rows = (
        _in_period(DailyBoardStats.objects.all(), report)
        .values("day")
        .annotate(**{f"total_{name}": Sum(name) for name in BOARD_TOTALS})
        .order_by("day")
    )
    return [
        {"day": row["day"]} | {name: row[f"total_{name}"] or 0 for name in BOARD_TOTALS}
        for row in rows
    ]


def deflection_summary(
    report: ReportFilter,
    settings: DeflectionSettings,
    *,
    days: list[dict] | None = None,
) -> dict:
    """The headline tiles: rates, tickets, self-service score and savings."""
    days = board_days(report) if days is None else days
    totals = {name: sum(day[name] for day in days) for name in BOARD_TOTALS}
    searched = totals["searched_journeys"]
    cost = settings.cost_per_contact
    return {
        **totals,
        "deflection_rate": ratio(totals["deflected"], searched),
        "engaged_rate": ratio(totals["engaged"], searched),
        "confirmed_rate": ratio(totals["confirmed"], searched),
        "self_service_score": _score(totals["visitors"], totals["ticket_visitors"]),
        "savings": {
            "deflected": cost * totals["deflected"],
            "engaged": cost * totals["engaged"],
            "confirmed": cost * totals["confirmed"],
        },
        "currency": settings.currency,
        "cost_per_contact": cost,
    }


def _score(visitors: int, ticket_visitors: int) -> str | None:
    """Visitors with a journey per visitor who filed a ticket, read as "4 : 1"."""
    if not visitors:
        return None
    if not ticket_visitors:
        return f"{visitors} : 0"
    value = Decimal(visitors) / Decimal(ticket_visitors)
    return f"{value.quantize(Decimal('0.1')).normalize():f} : 1"


def daily_trend(report: ReportFilter, *, days: list[dict] | None = None) -> list[dict]:
    """One row per day of the period (days without journeys as zeros)."""
    days = board_days(report) if days is None else days
    by_day = {row["day"]: row for row in days}
    empty = dict.fromkeys(BOARD_TOTALS, 0)
    trend = []
    for day in report.days:
        row = by_day.get(day, empty)
        trend.append(
            {
                "day": day,
                "searched": row["searched_journeys"],
                "deflected": row["deflected"],
                "tickets": row["tickets"],
                "confirmed": row["confirmed"],
                "rate": ratio(row["deflected"], row["searched_journeys"]),
            }
        )
    return trend


def ticket_matching(report: ReportFilter) -> dict[str, int]:
    """How the period's tickets (opened on its local days) found their journeys: by
    the journey's id or token, by the customer's identity, or not at all. Tickets
    carry no board, so this counts every board's."""
    start = timezone.make_aware(datetime.combine(report.start, time.min))
    end = timezone.make_aware(datetime.combine(report.end + timedelta(1), time.min))
    counts = Ticket.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        **{
            match.value: Count("pk", filter=Q(match=match.value))
            for match in TicketMatch
        },
        total=Count("pk"),
    )
    return {name: value or 0 for name, value in counts.items()}
