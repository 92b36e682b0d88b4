"""The search report: how many searches, how many found nothing, how often a result
was opened, which queries need content, and the synonyms and promoted answers that
managers keep. Everything reads the deflection module's daily aggregates, so query
texts appear only once DEFLECTION_MIN_JOURNEYS_PER_QUERY journeys used them (the
ranked tables group the rest as "other")."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from forum import caching
from forum.deflection import conf
from forum.deflection.models import DailyQueryStats
from forum.deflection.selectors import rankings
from forum.deflection.selectors.report import (
    ReportFilter,
    board_days,
    period_rollup,
    ratio,
)
from forum.reports.charts import Series, trend_chart
from forum.reports.figures import compare_headlines, previous_period
from forum.search.models import Promotion, Synonym

CACHE_SECONDS = 300
# How many synonyms and promotions the report lists; the rest are a link away.
LISTED_KEEPS = 10
SEARCH_SERIES = [
    Series("with_results", _("Searches with results"), "series-brand"),
    Series("zero_result_searches", _("Searches with no results"), "series-bad"),
]
HEADLINES = {
    "searches": ("count", True),
    "searched_journeys": ("count", True),
    "zero_result_searches": ("count", False),
    "zero_result_rate": ("rate", False),
    "click_through": ("rate", True),
}


def search_report(report: ReportFilter) -> dict:
    """Everything the search page shows (a fixed number of queries); the numbers
    are cached a few minutes per period and board, the keeps are read afresh."""
    board = report.board.pk if report.board is not None else "all"
    numbers = caching.remember(
        [],
        (
            "search-report",
            report.start,
            report.end,
            board,
            conf.min_journeys_per_query(),
        ),
        lambda: _build(report),
        timeout=CACHE_SECONDS,
    )
    return {
        **numbers,
        # Derived after the cache: the changes are sentences in the reader's language.
        "changes": compare_headlines(
            numbers["summary"], numbers["previous"], HEADLINES
        ),
        "chart": trend_chart(
            numbers["trend"],
            series=SEARCH_SERIES,
            title=_("Searches per day: with results, and with none"),
        ),
        **search_keeps(),
        "min_journeys": conf.min_journeys_per_query(),
    }


def _build(report: ReportFilter) -> dict:
    days = board_days(report)
    summary = search_summary(report, days=days)
    previous = search_summary(previous_period(report))
    trend = search_trend(report, days=days)
    tables = rankings.query_tables(report, rollup=period_rollup(report))
    return {
        "summary": summary,
        "previous": previous,
        "trend": trend,
        "top_queries": tables["top"],
        "zero_result_queries": tables["zero"],
        "low_click_through_queries": tables["low"],
    }


def search_summary(report: ReportFilter, *, days: list[dict] | None = None) -> dict:
    """Searches, journeys with a search, zero-result searches and their share, and
    click-through: journeys in which a query found results and one was opened."""
    days = board_days(report) if days is None else days
    searches = sum(day["searches"] for day in days)
    zero = sum(day["zero_result_searches"] for day in days)
    in_period = {"day__gte": report.start, "day__lte": report.end}
    if report.board is not None:
        in_period["board"] = report.board
    clicks = DailyQueryStats.objects.filter(**in_period).aggregate(
        with_results=Sum("journeys_with_results"), clicked=Sum("clicked_journeys")
    )
    with_results = clicks["with_results"] or 0
    return {
        "searches": searches,
        "searched_journeys": sum(day["searched_journeys"] for day in days),
        "zero_result_searches": zero,
        "zero_result_rate": ratio(zero, searches),
        "journeys_with_results": with_results,
        "clicked_journeys": clicks["clicked"] or 0,
        "click_through": ratio(clicks["clicked"], with_results),
    }


def search_trend(report: ReportFilter, *, days: list[dict] | None = None) -> list:
    """Per day: searches with results, searches with none, and result clicks."""
    days = board_days(report) if days is None else days
    by_day = {row["day"]: row for row in days}
    trend = []
    for day in report.days:
        row = by_day.get(day)
        searches = row["searches"] if row else 0
        zero = row["zero_result_searches"] if row else 0
        trend.append(
            {
                "day": day,
                "searches": searches,
                "with_results": searches - zero,
                "zero_result_searches": zero,
                "clicks": row["clicks"] if row else 0,
            }
        )
    return trend


def search_keeps() -> dict:
    """The synonyms and promoted answers managers keep: how many, and the newest."""
    synonyms = Synonym.objects.order_by("-updated_at", "-pk")
    promotions = Promotion.objects.select_related("thread", "article").order_by(
        "-created_at", "-pk"
    )
    return {
        "synonym_count": synonyms.count(),
        "synonyms": list(synonyms[:LISTED_KEEPS]),
        "promotion_count": promotions.count(),
        "promotions": list(promotions[:LISTED_KEEPS]),
    }
