"""The community and search reports' tables as CSV: each table's title, header and
rows, read from the same numbers the page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from forum.deflection.exports import percent
from forum.deflection.selectors.dashboard import QUERY_HEADER, query_rows
from forum.reports.selectors.community import HEADLINES as COMMUNITY_HEADLINES
from forum.reports.selectors.search import HEADLINES as SEARCH_HEADLINES

HEADLINE_HEADER = ["figure", "this period", "previous period", "change"]


@dataclass(frozen=True)
class CsvTable:
    title: str
    header: list[str]
    rows: Callable[[dict], list[list]]


def _value(value, kind: str):
    """A figure as a spreadsheet reads it: rates in percent with one decimal, waits
    in minutes."""
    if value is None:
        return ""
    if kind == "rate":
        return percent(value)
    if kind == "duration":
        return round(value / timedelta(minutes=1), 1)
    return value


def _headline_rows(headlines: dict) -> Callable[[dict], list[list]]:
    def rows(report: dict) -> list[list]:
        return [
            [
                name.replace("_", " "),
                _value(report["summary"][name], kind),
                _value(report["previous"][name], kind),
                report["changes"][name].text if report["changes"][name] else "",
            ]
            for name, (kind, _better) in headlines.items()
        ]

    return rows


COMMUNITY_CSV: dict[str, CsvTable] = {
    "headlines": CsvTable(
        "Headline figures", HEADLINE_HEADER, _headline_rows(COMMUNITY_HEADLINES)
    ),
    "daily": CsvTable(
        "Daily trend",
        ["day", "new threads", "replies", "solutions", "new members"],
        lambda report: [
            [
                row["day"].isoformat(),
                row["threads"],
                row["replies"],
                row["solutions"],
                row["new_members"],
            ]
            for row in report["trend"]
        ],
    ),
    "top-contributors": CsvTable(
        "Top contributors",
        ["member", "posts", "solutions accepted", "staff"],
        lambda report: [
            [
                row["username"],
                row["posts"],
                row["solutions"],
                "yes" if row["is_staff"] else "no",
            ]
            for row in report["top_contributors"]
        ],
    ),
    "busiest-experts": CsvTable(
        "Busiest experts",
        ["expert", "replies", "solutions accepted"],
        lambda report: [
            [row["username"], row["replies"], row["solutions"]]
            for row in report["summary"]["busiest_experts"]
        ],
    ),
}

SEARCH_CSV: dict[str, CsvTable] = {
    "headlines": CsvTable(
        "Headline figures", HEADLINE_HEADER, _headline_rows(SEARCH_HEADLINES)
    ),
    "daily": CsvTable(
        "Daily trend",
        ["day", "searches", "with results", "with no results", "result clicks"],
        lambda report: [
            [
                row["day"].isoformat(),
                row["searches"],
                row["with_results"],
                row["zero_result_searches"],
                row["clicks"],
            ]
            for row in report["trend"]
        ],
    ),
    "top-queries": CsvTable(
        "Top queries",
        QUERY_HEADER,
        lambda report: query_rows(report["top_queries"]),
    ),
    "zero-result-queries": CsvTable(
        "Zero-result queries",
        QUERY_HEADER,
        lambda report: query_rows(report["zero_result_queries"]),
    ),
    "low-click-through-queries": CsvTable(
        "Queries with low click-through",
        QUERY_HEADER,
        lambda report: query_rows(report["low_click_through_queries"]),
    ),
}
