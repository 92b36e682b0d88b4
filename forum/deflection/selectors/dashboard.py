"""Everything the report page shows, and the tables it offers as CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from forum.deflection import conf
from forum.deflection.chart import trend_chart
from forum.deflection.exports import percent
from forum.deflection.models import DeflectionSettings
from forum.deflection.selectors import report as tables
from forum.deflection.selectors.health import community_health
from forum.deflection.selectors.report import QueryTable, ReportFilter


def deflection_report(report: ReportFilter) -> dict:
    """The whole report for a period and board (a fixed number of queries)."""
    settings = DeflectionSettings.load()
    trend = tables.daily_trend(report)
    summary = tables.deflection_summary(report, settings)
    return {
        "summary": summary,
        "trend": trend,
        "chart": trend_chart(trend),
        "top_queries": tables.top_queries(report),
        "zero_result_queries": tables.zero_result_queries(report),
        "low_click_through_queries": tables.low_click_through_queries(report),
        "ticket_queries": tables.ticket_queries(report),
        "deflecting_threads": tables.top_deflecting_threads(report),
        "failed_threads": tables.most_failed_threads(report),
        "question_threads": tables.question_deflecting_threads(report),
        "health": community_health(report),
        "settings": settings,
        "min_journeys": conf.min_journeys_per_query(),
        "window_hours": int(conf.ticket_window().total_seconds() // 3600),
        "is_empty": not summary["journeys"],
    }


@dataclass
class CsvTable:
    title: str
    header: list[str]
    rows: Callable[[ReportFilter], list[list]]


QUERY_HEADER = [
    "query",
    "journeys",
    "searches",
    "zero-result searches",
    "click-through %",
    "deflection rate %",
    "tickets",
]
THREAD_HEADER = [
    "thread id",
    "title",
    "journeys that opened it",
    "deflected",
    "confirmed",
    "failed",
    "questions deflected",
]


def _query_rows(table: QueryTable) -> list[list]:
    rows = [_query_cells(row["query"], row) for row in table.rows]
    if table.other:
        label = f"other ({table.other['queries']} queries below the threshold)"
        rows.append(_query_cells(label, table.other))
    return rows


def _query_cells(label: str, row: dict) -> list:
    return [
        label,
        row["journeys"],
        row["searches"],
        row["zero_result_searches"],
        percent(row["click_through"]),
        percent(row["deflection_rate"]),
        row["tickets"],
    ]


def _thread_rows(rows: list[dict]) -> list[list]:
    return [
        [
            row["thread_id"],
            row["title"],
            row["opened"],
            row["deflected"],
            row["confirmed"],
            row["failed"],
            row["question_deflected"],
        ]
        for row in rows
    ]


def _trend_rows(report: ReportFilter) -> list[list]:
    return [
        [
            row["day"].isoformat(),
            row["searched"],
            row["deflected"],
            row["tickets"],
            row["confirmed"],
            percent(row["rate"]),
        ]
        for row in tables.daily_trend(report)
    ]


CSV_TABLES: dict[str, CsvTable] = {
    "daily": CsvTable(
        "Daily trend",
        [
            "day",
            "journeys with a search",
            "deflected",
            "tickets",
            "confirmed",
            "rate %",
        ],
        _trend_rows,
    ),
    "top-queries": CsvTable(
        "Top queries", QUERY_HEADER, lambda r: _query_rows(tables.top_queries(r))
    ),
    "zero-result-queries": CsvTable(
        "Zero-result queries",
        QUERY_HEADER,
        lambda r: _query_rows(tables.zero_result_queries(r)),
    ),
    "low-click-through-queries": CsvTable(
        "Queries with low click-through",
        QUERY_HEADER,
        lambda r: _query_rows(tables.low_click_through_queries(r)),
    ),
    "ticket-queries": CsvTable(
        "Queries that led to tickets",
        QUERY_HEADER,
        lambda r: _query_rows(tables.ticket_queries(r)),
    ),
    "deflecting-threads": CsvTable(
        "Threads that deflected most",
        THREAD_HEADER,
        lambda r: _thread_rows(tables.top_deflecting_threads(r)),
    ),
    "failed-threads": CsvTable(
        "Threads that most often failed",
        THREAD_HEADER,
        lambda r: _thread_rows(tables.most_failed_threads(r)),
    ),
    "question-threads": CsvTable(
        "Questions deflected at ask time",
        THREAD_HEADER,
        lambda r: _thread_rows(tables.question_deflecting_threads(r)),
    ),
}
