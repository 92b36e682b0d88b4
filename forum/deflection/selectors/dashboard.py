"""Everything the report page shows, and the tables it offers as CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from forum import caching
from forum.care import selectors_deflection as social
from forum.deflection import conf
from forum.deflection.exports import percent
from forum.deflection.models import DeflectionSettings
from forum.deflection.selectors import article_rankings, rankings
from forum.deflection.selectors import report as tables
from forum.deflection.selectors.health import community_health
from forum.deflection.selectors.rankings import QueryTable
from forum.deflection.selectors.report import ReportFilter
from forum.reports.charts import Series, trend_chart
from forum.reports.figures import (
    MONEY,
    RATE,
    SCORE,
    compare,
    previous_period,
    self_service_ratio,
)

DEFLECTION_SERIES = [
    Series("deflected", _("Deflected"), "series-good"),
    Series("tickets", _("Ended in a ticket"), "series-bad"),
]

# Long enough to absorb a manager's clicking around and the page's own reloads,
# short enough that live community-health numbers are never far behind.
REPORT_CACHE_SECONDS = 300


def deflection_report(report: ReportFilter) -> dict:
    """The whole report for a period and board (a fixed number of queries).

    The numbers are cached per period and board, keyed by the newest aggregate rows,
    so a rebuild shows at once; the managers' cost setting is applied afterwards,
    so a change to it shows at once too.
    """
    settings = DeflectionSettings.load()
    version = tables.aggregates_version(report)
    key = _cache_key(report, version.key)
    numbers = caching.remember(
        [],
        (key,),
        lambda: _report_numbers(report, rollup=version.rollup),
        timeout=REPORT_CACHE_SECONDS,
    )
    summary = tables.deflection_summary(report, settings, days=numbers["days"])
    previous = tables.deflection_summary(
        previous_period(report), settings, days=numbers["previous_days"]
    )
    return {
        "summary": summary,
        "changes": summary_changes(summary, previous),
        "trend": numbers["trend"],
        "chart": numbers["chart"],
        **numbers["tables"],
        "health": numbers["health"],
        "ticket_matching": numbers["ticket_matching"],
        # Live, beside the cached web numbers: a case answered a minute ago counts.
        "social": social.social_deflections(report, settings),
        "numbers_key": key,
        "settings": settings,
        "min_journeys": conf.min_journeys_per_query(),
        "window_hours": int(conf.ticket_window().total_seconds() // 3600),
        "is_empty": not summary["journeys"],
    }


def summary_changes(summary: dict, previous: dict) -> dict:
    """The headline tiles against the period before (fewer tickets is better)."""
    rates = ("deflection_rate", "engaged_rate", "confirmed_rate")
    changes = {
        name: compare(summary[name], previous[name], kind=RATE) for name in rates
    }
    for name in ("searched_journeys", "question_deflected"):
        changes[name] = compare(summary[name], previous[name])
    changes["tickets"] = compare(
        summary["tickets"], previous["tickets"], higher_is_better=False
    )
    changes["self_service_score"] = compare(
        self_service_ratio(summary["visitors"], summary["ticket_visitors"]),
        self_service_ratio(previous["visitors"], previous["ticket_visitors"]),
        kind=SCORE,
    )
    # Both periods priced at today's cost: the change is in journeys, not in price.
    for name, amount in summary["savings"].items():
        changes[f"savings_{name}"] = compare(
            amount, previous["savings"][name], kind=MONEY, currency=summary["currency"]
        )
    return changes


def _cache_key(report: ReportFilter, version: str) -> str:
    board = report.board.pk if report.board is not None else "all"
    return f"deflection-report:{report.start}:{report.end}:{board}:{version}"


def _report_numbers(report: ReportFilter, *, rollup: int | None) -> dict:
    days = tables.board_days(report)
    trend = tables.daily_trend(report, days=days)
    queries = rankings.query_tables(report, rollup=rollup)
    threads = rankings.thread_tables(report, rollup=rollup)
    articles = article_rankings.article_tables(report, rollup=rollup)
    return {
        "days": days,
        # For the change against the period of the same length before.
        "previous_days": tables.board_days(previous_period(report)),
        "trend": trend,
        "chart": trend_chart(
            trend,
            series=DEFLECTION_SERIES,
            title=_("Journeys with a search per day: deflected, and ended in a ticket"),
        ),
        "tables": {
            "top_queries": queries["top"],
            "zero_result_queries": queries["zero"],
            "low_click_through_queries": queries["low"],
            "ticket_queries": queries["ticket"],
            "deflecting_threads": threads["deflected"],
            "failed_threads": threads["failed"],
            "question_threads": threads["question_deflected"],
            "deflecting_articles": articles["deflected"],
            "failed_articles": articles["failed"],
            "article_helpfulness": articles["helpful"],
        },
        "health": community_health(report, rollup=rollup),
        # As of the cached numbers, like the rest: a newly reported ticket shows
        # with the next aggregation run that counts it for its journeys.
        "ticket_matching": tables.ticket_matching(report),
    }


@dataclass
class CsvTable:
    title: str
    header: list[str]
    rows: Callable[[ReportFilter], list[list]]


QUERY_HEADER = [
    _("query"),
    _("journeys"),
    _("searches"),
    _("zero-result searches"),
    _("click-through %"),
    _("deflection rate %"),
    _("tickets"),
]
THREAD_HEADER = [
    _("thread id"),
    _("title"),
    _("journeys that opened it"),
    _("deflected"),
    _("confirmed"),
    _("failed"),
    _("questions deflected"),
]


def query_rows(table: QueryTable) -> list[list]:
    rows = [_query_cells(row["query"], row) for row in table.rows]
    if table.other:
        count = table.other["queries"]
        label = ngettext(
            "other (%(count)s query below the threshold)",
            "other (%(count)s queries below the threshold)",
            count,
        ) % {"count": count}
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


ARTICLE_HEADER = [
    _("article id"),
    _("title"),
    _("journeys that opened it"),
    _("deflected"),
    _("confirmed"),
    _("failed"),
    _("answered yes"),
    _("answered no"),
    _("helpful %"),
]


def _article_rows(rows: list[dict]) -> list[list]:
    return [
        [
            row["article_id"],
            row["title"],
            row["opened"],
            row["deflected"],
            row["confirmed"],
            row["failed"],
            row["helpful_yes"],
            row["helpful_no"],
            percent(row["helpful_share"]),
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


def _matching_rows(report: ReportFilter) -> list[list]:
    counts = tables.ticket_matching(report)
    return [
        [gettext("matched by journey"), counts["journey"]],
        [gettext("matched by customer identity"), counts["identity"]],
        [gettext("not matched"), counts["unmatched"]],
    ]


def _social_network_rows(report: ReportFilter) -> list[list]:
    cost = DeflectionSettings.load().cost_per_contact
    return [
        [row["label"], row["deflections"], cost * row["deflections"]]
        for row in social.deflections_by_network(report)
        if row["deflections"]
    ]


def _social_answer_rows(report: ReportFilter) -> list[list]:
    return [
        [row["kind"], row["id"], row["title"], row["cases"]]
        for row in social.community_answers_used(report)
    ]


CSV_TABLES: dict[str, CsvTable] = {
    "daily": CsvTable(
        _("Daily trend"),
        [
            _("day"),
            _("journeys with a search"),
            _("deflected"),
            _("tickets"),
            _("confirmed"),
            _("rate %"),
        ],
        _trend_rows,
    ),
    "ticket-matching": CsvTable(
        _("How tickets matched their journeys"),
        [_("matched"), _("tickets")],
        _matching_rows,
    ),
    "top-queries": CsvTable(
        _("Top queries"), QUERY_HEADER, lambda r: query_rows(rankings.top_queries(r))
    ),
    "zero-result-queries": CsvTable(
        _("Zero-result queries"),
        QUERY_HEADER,
        lambda r: query_rows(rankings.zero_result_queries(r)),
    ),
    "low-click-through-queries": CsvTable(
        _("Queries with low click-through"),
        QUERY_HEADER,
        lambda r: query_rows(rankings.low_click_through_queries(r)),
    ),
    "ticket-queries": CsvTable(
        _("Queries that led to tickets"),
        QUERY_HEADER,
        lambda r: query_rows(rankings.ticket_queries(r)),
    ),
    "deflecting-threads": CsvTable(
        _("Threads that deflected most"),
        THREAD_HEADER,
        lambda r: _thread_rows(rankings.top_deflecting_threads(r)),
    ),
    "failed-threads": CsvTable(
        _("Threads that most often failed"),
        THREAD_HEADER,
        lambda r: _thread_rows(rankings.most_failed_threads(r)),
    ),
    "question-threads": CsvTable(
        _("Questions deflected at ask time"),
        THREAD_HEADER,
        lambda r: _thread_rows(rankings.question_deflecting_threads(r)),
    ),
    "deflecting-articles": CsvTable(
        _("Articles that deflected most"),
        ARTICLE_HEADER,
        lambda r: _article_rows(article_rankings.top_deflecting_articles(r)),
    ),
    "failed-articles": CsvTable(
        _("Articles that failed to deflect"),
        ARTICLE_HEADER,
        lambda r: _article_rows(article_rankings.most_failed_articles(r)),
    ),
    "article-helpfulness": CsvTable(
        _("Article helpfulness"),
        ARTICLE_HEADER,
        lambda r: _article_rows(article_rankings.article_helpfulness(r)),
    ),
    "social-networks": CsvTable(
        _("Social deflections by network"),
        [_("network"), _("social deflections"), _("estimated savings")],
        _social_network_rows,
    ),
    "social-answers": CsvTable(
        _("Community answers used by agents"),
        [_("kind"), _("id"), _("title"), _("cases answered")],
        _social_answer_rows,
    ),
}
