"""The managers' deflection report: every number comes from the daily aggregates,
summed in SQL for the chosen period and board."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse

from forum.deflection import conf
from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    DeflectionSettings,
)

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
QUERY_TOTALS = (
    "journeys",
    "searches",
    "zero_result_searches",
    "journeys_with_results",
    "clicked_journeys",
    "tickets",
    "deflected",
)
# Click-through at or under this share is a content gap (DESIGN.md: 20%).
LOW_CLICK_THROUGH_PERCENT = 20


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


@dataclass
class QueryTable:
    rows: list[dict] = field(default_factory=list)
    # Queries used by fewer than DEFLECTION_MIN_JOURNEYS_PER_QUERY journeys, summed.
    other: dict | None = None


def ratio(part: int | None, whole: int | None) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return (part or 0) / whole if whole else None


def _in_period(queryset: QuerySet, report: ReportFilter) -> QuerySet:
    queryset = queryset.filter(day__gte=report.start, day__lte=report.end)
    if report.board is not None:
        queryset = queryset.filter(board=report.board)
    return queryset


def deflection_summary(report: ReportFilter, settings: DeflectionSettings) -> dict:
    """The headline tiles: rates, tickets, self-service score and savings."""
    totals = _in_period(DailyBoardStats.objects.all(), report).aggregate(
        **{name: Sum(name) for name in BOARD_TOTALS}
    )
    totals = {name: value or 0 for name, value in totals.items()}
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


def daily_trend(report: ReportFilter) -> list[dict]:
    """One row per day of the period (days without journeys as zeros)."""
    rows = (
        _in_period(DailyBoardStats.objects.all(), report)
        .values("day")
        .annotate(
            total_searched=Sum("searched_journeys"),
            total_deflected=Sum("deflected"),
            total_tickets=Sum("tickets"),
            total_confirmed=Sum("confirmed"),
        )
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    empty = {"total_searched": 0, "total_deflected": 0, "total_tickets": 0}
    trend = []
    for day in report.days:
        row = by_day.get(day, empty)
        trend.append(
            {
                "day": day,
                "searched": row["total_searched"] or 0,
                "deflected": row["total_deflected"] or 0,
                "tickets": row["total_tickets"] or 0,
                "confirmed": row.get("total_confirmed") or 0,
                "rate": ratio(row["total_deflected"], row["total_searched"]),
            }
        )
    return trend


def _grouped_queries(report: ReportFilter) -> QuerySet:
    return (
        _in_period(DailyQueryStats.objects.all(), report)
        .values("query")
        .annotate(**{f"total_{name}": Sum(name) for name in QUERY_TOTALS})
        .order_by()
    )


def _query_table(grouped: QuerySet, condition: Q, order: list[str]) -> QueryTable:
    threshold = conf.min_journeys_per_query()
    shown = grouped.filter(condition, total_journeys__gte=threshold).order_by(*order)
    rows = [_query_row(row) for row in shown[:TABLE_ROWS]]
    hidden = grouped.filter(condition, total_journeys__lt=threshold).aggregate(
        hidden_queries=Count("query"),
        **{f"hidden_{name}": Sum(f"total_{name}") for name in QUERY_TOTALS},
    )
    other = None
    if hidden["hidden_queries"]:
        totals = {f"total_{name}": hidden[f"hidden_{name}"] for name in QUERY_TOTALS}
        other = _query_row({"query": "", **totals})
        other["queries"] = hidden["hidden_queries"]
    return QueryTable(rows=rows, other=other)


def _query_row(row: dict) -> dict:
    values = {name: row.get(f"total_{name}") or 0 for name in QUERY_TOTALS}
    return {
        "query": row["query"],
        **values,
        "click_through": ratio(
            values["clicked_journeys"], values["journeys_with_results"]
        ),
        "deflection_rate": ratio(values["deflected"], values["journeys"]),
        "ticket_rate": ratio(values["tickets"], values["journeys"]),
    }


def top_queries(report: ReportFilter) -> QueryTable:
    """The most searched queries, with click-through and deflection rate."""
    return _query_table(_grouped_queries(report), Q(), ["-total_searches", "query"])


def zero_result_queries(report: ReportFilter) -> QueryTable:
    """Queries that found nothing at least once."""
    return _query_table(
        _grouped_queries(report),
        Q(total_zero_result_searches__gt=0),
        ["-total_zero_result_searches", "query"],
    )


def low_click_through_queries(report: ReportFilter) -> QueryTable:
    """Queries with results that nobody opens (click-through at or under 20%)."""
    grouped = _grouped_queries(report).annotate(
        clicked_scaled=F("total_clicked_journeys") * 100,
        results_scaled=F("total_journeys_with_results") * LOW_CLICK_THROUGH_PERCENT,
    )
    return _query_table(
        grouped,
        Q(total_journeys_with_results__gt=0, clicked_scaled__lte=F("results_scaled")),
        ["-total_journeys_with_results", "query"],
    )


def ticket_queries(report: ReportFilter) -> QueryTable:
    """Queries whose journeys most often ended in a ticket."""
    return _query_table(
        _grouped_queries(report),
        Q(total_tickets__gt=0),
        ["-total_tickets", "-total_journeys", "query"],
    )


def _thread_table(report: ReportFilter, measure: str) -> list[dict]:
    rows = (
        _in_period(DailyThreadStats.objects.all(), report)
        .values("thread_id", "thread__title", "thread__slug")
        .annotate(
            total_opened=Sum("opened"),
            total_deflected=Sum("deflected"),
            total_confirmed=Sum("confirmed"),
            total_failed=Sum("failed"),
            total_question_deflected=Sum("question_deflected"),
        )
        .filter(**{f"total_{measure}__gt": 0})
        .order_by(f"-total_{measure}", "thread_id")[:TABLE_ROWS]
    )
    return [
        {
            "thread_id": row["thread_id"],
            "title": row["thread__title"],
            "url": _thread_url(row["thread_id"], row["thread__slug"]),
            "opened": row["total_opened"],
            "deflected": row["total_deflected"],
            "confirmed": row["total_confirmed"],
            "failed": row["total_failed"],
            "question_deflected": row["total_question_deflected"],
        }
        for row in rows
    ]


def _thread_url(thread_id: int, slug: str) -> str:
    try:
        return reverse(
            "forum:thread", kwargs={"thread_id": thread_id, "slug": slug or "-"}
        )
    except NoReverseMatch:  # the thread page is not routed in this build
        return ""


def top_deflecting_threads(report: ReportFilter) -> list[dict]:
    """Threads opened on the most journeys that ended without a ticket."""
    return _thread_table(report, "deflected")


def most_failed_threads(report: ReportFilter) -> list[dict]:
    """Threads opened from results on the most journeys that still got a ticket."""
    return _thread_table(report, "failed")


def question_deflecting_threads(report: ReportFilter) -> list[dict]:
    """Ask-page suggestions after which the visitor left without posting."""
    return _thread_table(report, "question_deflected")
