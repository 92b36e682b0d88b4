"""The care report's tables as CSV, read from the same figures the page shows:
rates in percent with one decimal, waits in minutes."""

from __future__ import annotations

from datetime import timedelta

from forum.deflection.exports import percent
from forum.reports.exports import CsvTable


def minutes(value: timedelta | None) -> float | str:
    return "" if value is None else round(value / timedelta(minutes=1), 1)


def _as_is(value):
    return value


# name, how the page labels it, and how a cell shows it
HEADLINES = [
    ("cases", "cases opened", _as_is),
    ("responded", "cases with a reply", _as_is),
    ("response_rate", "response rate (%)", percent),
    ("median_first_response", "median time to first response (min)", minutes),
    ("p90_first_response", "90th percentile time to first response (min)", minutes),
    ("median_resolution", "median time to resolution (min)", minutes),
    ("p90_resolution", "90th percentile time to resolution (min)", minutes),
    ("first_within_target", "first response within target (%)", percent),
    ("resolution_within_target", "resolution within target (%)", percent),
    ("same_day_rate", "same-day response rate (%)", percent),
    ("community", "answered with community content", _as_is),
]

CHANNEL_HEADER = [
    "channel",
    "cases",
    "with a reply",
    "response rate (%)",
    "first response met",
    "first response missed",
    "first response within target (%)",
    "resolution met",
    "resolution missed",
    "resolution within target (%)",
    "same-day responses",
    "answered with community content",
]


def _channel_cells(row: dict) -> list:
    return [
        row["label"],
        row["cases"],
        row["responded"],
        percent(row["response_rate"]),
        row["first_met"],
        row["first_missed"],
        percent(row["first_within_target"]),
        row["resolution_met"],
        row["resolution_missed"],
        percent(row["resolution_within_target"]),
        row["same_day"],
        row["community"],
    ]


def _headline(value, show):
    return "" if value is None else show(value)


def _workload_cells(user) -> list:
    return [
        user.username,
        user.display_name,
        user.open_now,
        user.resolved,
        user.replies,
    ]


def _content_cells(row: dict) -> list:
    if row["linked_thread_id"]:
        return ["thread", row["linked_thread__title"], row["cases"]]
    return ["article", row["linked_article__title"], row["cases"]]


CSV_TABLES: dict[str, CsvTable] = {
    "headlines": CsvTable(
        "Headline figures",
        ["figure", "value"],
        lambda report: [
            [label, _headline(report["summary"][name], show)]
            for name, label, show in HEADLINES
        ],
    ),
    "channels": CsvTable(
        "Cases by channel",
        CHANNEL_HEADER,
        lambda report: [_channel_cells(row) for row in report["channels"]],
    ),
    "daily": CsvTable(
        "Daily cases",
        ["day", "cases opened", "answered within target"],
        lambda report: [
            [row["day"].isoformat(), row["opened"], row["within"]]
            for row in report["daily"]
        ],
    ),
    "workload": CsvTable(
        "Agent workload",
        ["agent", "name", "open now", "resolved in period", "replies in period"],
        lambda report: [_workload_cells(user) for user in report["workload"]],
    ),
    "community": CsvTable(
        "Community content used in replies",
        ["kind", "title", "cases"],
        lambda report: [_content_cells(row) for row in report["content"]],
    ),
}
