"""The community and search reports' tables as CSV: each table's title, header and
rows, read from the same numbers the page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from forum.deflection.exports import percent
from forum.deflection.selectors.dashboard import QUERY_HEADER, query_rows
from forum.reports.selectors.community import HEADLINES as COMMUNITY_HEADLINES
from forum.reports.selectors.search import HEADLINES as SEARCH_HEADLINES

# Each headline's name in the CSV's first column (the figure's key, in words).
HEADLINE_NAMES = {
    "new_members": _("new members"),
    "active_members": _("active members"),
    "posting_members": _("posting members"),
    "page_views": _("page views"),
    "visitors": _("visitors"),
    "threads": _("threads"),
    "replies": _("replies"),
    "solutions": _("solutions"),
    "answer_rate": _("answer rate"),
    "solution_rate": _("solution rate"),
    "within_target_share": _("within target share"),
    "median_first_response": _("median first response"),
    "median_time_to_solution": _("median time to solution"),
    "staff_replies": _("staff replies"),
    "expert_replies": _("expert replies"),
    "searches": _("searches"),
    "searched_journeys": _("searched journeys"),
    "zero_result_searches": _("zero result searches"),
    "zero_result_rate": _("zero result rate"),
    "click_through": _("click through"),
}
HEADLINE_HEADER = [_("figure"), _("this period"), _("previous period"), _("change")]


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
                str(HEADLINE_NAMES.get(name, name.replace("_", " "))),
                _value(report["summary"][name], kind),
                _value(report["previous"][name], kind),
                report["changes"][name].text if report["changes"][name] else "",
            ]
            for name, (kind, _better) in headlines.items()
        ]

    return rows


COMMUNITY_CSV: dict[str, CsvTable] = {
    "headlines": CsvTable(
        _("Headline figures"), HEADLINE_HEADER, _headline_rows(COMMUNITY_HEADLINES)
    ),
    "daily": CsvTable(
        _("Daily trend"),
        [_("day"), _("new threads"), _("replies"), _("solutions"), _("new members")],
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
        _("Top contributors"),
        [_("member"), _("posts"), _("solutions accepted"), _("staff")],
        lambda report: [
            [
                row["username"],
                row["posts"],
                row["solutions"],
                pgettext("staff member", "yes")
                if row["is_staff"]
                else pgettext("staff member", "no"),
            ]
            for row in report["top_contributors"]
        ],
    ),
    "busiest-experts": CsvTable(
        _("Busiest experts"),
        [_("expert"), _("replies"), _("solutions accepted")],
        lambda report: [
            [row["username"], row["replies"], row["solutions"]]
            for row in report["summary"]["busiest_experts"]
        ],
    ),
}

SEARCH_CSV: dict[str, CsvTable] = {
    "headlines": CsvTable(
        _("Headline figures"), HEADLINE_HEADER, _headline_rows(SEARCH_HEADLINES)
    ),
    "daily": CsvTable(
        _("Daily trend"),
        [
            _("day"),
            _("searches"),
            _("with results"),
            _("with no results"),
            _("result clicks"),
        ],
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
        _("Top queries"),
        QUERY_HEADER,
        lambda report: query_rows(report["top_queries"]),
    ),
    "zero-result-queries": CsvTable(
        _("Zero-result queries"),
        QUERY_HEADER,
        lambda report: query_rows(report["zero_result_queries"]),
    ),
    "low-click-through-queries": CsvTable(
        _("Queries with low click-through"),
        QUERY_HEADER,
        lambda report: query_rows(report["low_click_through_queries"]),
    ),
}
