"""The report's knowledge-article tables, ranked exactly as the thread tables are
(``rankings``): the period's daily per-article aggregates summed once and ranked in
SQL, or, for the standard periods, the rows the aggregation job ranked that way and
kept in a rollup (services/rollups.py)."""

from __future__ import annotations

from django.db import connection
from django.urls import NoReverseMatch, reverse

from forum.deflection.models import DailyArticleStats, PeriodRollupArticle
from forum.deflection.selectors.rankings import _period_sql, _rollup_rows_sql
from forum.deflection.selectors.report import (
    TABLE_ROWS,
    ReportFilter,
    period_rollup,
    ratio,
)
from forum.knowledge.models import Article

ARTICLE_MEASURES = (
    "opened",
    "deflected",
    "confirmed",
    "failed",
    "helpful_yes",
    "helpful_no",
)
# Each table: what ranks an article in it (ties: the oldest article first). The
# helpfulness table lists the articles answered most often, yes or no.
ARTICLE_TABLES = {
    "deflected": "deflected",
    "failed": "failed",
    "helpful": "helpful_yes + helpful_no",
}
ARTICLE_RANKS = tuple(f"{name}_rank" for name in ARTICLE_TABLES)
# The columns of a ranked article, as the report reads them and a rollup keeps them.
ARTICLE_ROW_COLUMNS = ("article_id", *ARTICLE_MEASURES, *ARTICLE_RANKS)


def ranked_articles_sql(
    report: ReportFilter, *, rows: int = TABLE_ROWS
) -> tuple[str, list]:
    """The statement behind the three article tables: the period's articles summed
    once and ranked by each table's measure; those within ``rows`` of the top of
    any table come back, as ARTICLE_ROW_COLUMNS."""
    where, params = _period_sql(report)
    totals = ", ".join(f"SUM({name}) AS {name}" for name in ARTICLE_MEASURES)
    ranks = ", ".join(
        f"CASE WHEN {measure} > 0 THEN ROW_NUMBER() OVER ("
        f"PARTITION BY CASE WHEN {measure} > 0 THEN 1 ELSE 0 END "
        f"ORDER BY {measure} DESC, article_id) END AS {name}_rank"
        for name, measure in ARTICLE_TABLES.items()
    )
    listed = " OR ".join(f"{name} <= {int(rows)}" for name in ARTICLE_RANKS)
    statement = f"""
        SELECT {", ".join(ARTICLE_ROW_COLUMNS)}
        FROM (
            SELECT grouped.*, {ranks}
            FROM (
                SELECT article_id, {totals} FROM {DailyArticleStats._meta.db_table}
                WHERE {where} GROUP BY article_id
            ) grouped
        ) ranked
        WHERE {listed}
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    return statement, params


def article_tables(
    report: ReportFilter, *, rollup: int | None = None
) -> dict[str, list[dict]]:
    """The three article tables in one statement: the articles kept by ``rollup``
    (the report's period and board), or else ranked from the period's daily
    aggregates; only listed articles are joined for titles."""
    if rollup is None:
        ranked, params = ranked_articles_sql(report)
    else:
        ranked, params = _rollup_rows_sql(
            PeriodRollupArticle, ARTICLE_ROW_COLUMNS, rollup
        )
    statement = f"""
        SELECT ranked.article_id, article.title, article.slug,
               {", ".join(f"ranked.{name}" for name in ARTICLE_MEASURES)},
               {", ".join(f"ranked.{name}" for name in ARTICLE_RANKS)}
        FROM ({ranked}) ranked
        JOIN {Article._meta.db_table} article ON article.id = ranked.article_id
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    tables: dict[str, list] = {name: [] for name in ARTICLE_TABLES}
    width = len(ARTICLE_MEASURES)
    for article_id, title, slug, *values in rows:
        row = _article_row(article_id, title, slug, values[:width])
        for name, rank in zip(ARTICLE_TABLES, values[width:], strict=True):
            if rank is not None:
                tables[name].append((rank, row))
    # Spare articles below each table keep it full when one was deleted since
    # the rollup was built (as for threads).
    return {
        name: [row for _, row in sorted(pairs, key=lambda pair: pair[0])][:TABLE_ROWS]
        for name, pairs in tables.items()
    }


def _article_row(article_id: int, title: str, slug: str, values) -> dict:
    # PostgreSQL may type sums as numeric: counts are integers all the same.
    measures = {
        name: int(value or 0)
        for name, value in zip(ARTICLE_MEASURES, values, strict=True)
    }
    answers = measures["helpful_yes"] + measures["helpful_no"]
    return {
        "article_id": article_id,
        "title": title,
        "url": _article_url(article_id, slug),
        **measures,
        "answers": answers,
        "helpful_share": ratio(measures["helpful_yes"], answers),
    }


def _article_url(article_id: int, slug: str) -> str:
    try:
        return reverse("knowledge:article", args=[article_id, slug or "-"])
    except NoReverseMatch:  # the article page is not routed in this build
        return ""


def top_deflecting_articles(report: ReportFilter) -> list[dict]:
    """Articles opened on the most journeys that ended without a ticket."""
    return article_tables(report, rollup=period_rollup(report))["deflected"]


def most_failed_articles(report: ReportFilter) -> list[dict]:
    """Articles opened from results on the most journeys that still got a ticket."""
    return article_tables(report, rollup=period_rollup(report))["failed"]


def article_helpfulness(report: ReportFilter) -> list[dict]:
    """Articles answered most often "did this help?", with yes, no and the share."""
    return article_tables(report, rollup=period_rollup(report))["helpful"]
