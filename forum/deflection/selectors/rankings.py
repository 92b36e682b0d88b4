"""The report's query and thread tables: the period's daily aggregates summed once
per group of tables and ranked in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.urls import NoReverseMatch, reverse

from forum.deflection import conf
from forum.deflection.models import DailyQueryStats, DailyThreadStats
from forum.deflection.selectors.report import TABLE_ROWS, ReportFilter, ratio
from forum.models import Thread

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


@dataclass
class QueryTable:
    rows: list[dict] = field(default_factory=list)
    # Queries used by fewer than DEFLECTION_MIN_JOURNEYS_PER_QUERY journeys, summed.
    other: dict | None = None


# The report's query tables: the condition a query must meet to be listed and the
# order it is listed in (ties broken by the query text).
QUERY_TABLES = {
    "top": ("1 = 1", "searches DESC"),
    "zero": ("zero_result_searches > 0", "zero_result_searches DESC"),
    # Click-through at or under LOW_CLICK_THROUGH_PERCENT, in integers.
    "low": (
        "journeys_with_results > 0 AND clicked_journeys * 100 "
        f"<= journeys_with_results * {LOW_CLICK_THROUGH_PERCENT}",
        "journeys_with_results DESC",
    ),
    "ticket": ("tickets > 0", "tickets DESC, journeys DESC"),
}


def _period_sql(report: ReportFilter) -> tuple[str, list]:
    where, params = "day >= %s AND day <= %s", [report.start, report.end]
    if report.board is not None:
        where, params = where + " AND board_id = %s", [*params, report.board.pk]
    return where, params


def query_tables(report: ReportFilter) -> dict[str, QueryTable]:
    """All four query tables in one statement: the period's queries are summed
    once, ranked for each table, and only the listed rows and each table's "other"
    totals (queries used by too few journeys) come back."""
    where, params = _period_sql(report)
    totals = ", ".join(f"SUM({name}) AS {name}" for name in QUERY_TOTALS)
    flags = ", ".join(
        f"CASE WHEN {condition} THEN 1 ELSE 0 END AS in_{name}"
        for name, (condition, _) in QUERY_TABLES.items()
    )
    ranks = ", ".join(
        f"ROW_NUMBER() OVER (PARTITION BY shown, in_{name} ORDER BY {order}, query)"
        f" AS {name}_rank"
        for name, (_, order) in QUERY_TABLES.items()
    )
    listed = " OR ".join(
        f"(in_{name} = 1 AND {name}_rank <= {TABLE_ROWS})" for name in QUERY_TABLES
    )
    columns = ", ".join(QUERY_TOTALS)
    sums = ", ".join(f"SUM({name})" for name in QUERY_TOTALS)
    no_ranks = ", ".join("NULL" for _ in QUERY_TABLES)
    others = " UNION ALL ".join(
        f"SELECT '{name}', NULL, {sums}, {no_ranks}, COUNT(*) FROM tagged "  # noqa: S608  # nosec B608
        f"WHERE shown = 0 AND in_{name} = 1"
        for name in QUERY_TABLES
    )
    statement = f"""
        WITH grouped AS (
            SELECT query, {totals} FROM {DailyQueryStats._meta.db_table}
            WHERE {where} GROUP BY query
        ), tagged AS (
            SELECT grouped.*, CASE WHEN journeys >= %s THEN 1 ELSE 0 END AS shown,
                   {flags}
            FROM grouped
        ), ranked AS (
            SELECT tagged.*, {ranks} FROM tagged
        )
        SELECT 'listed', query, {columns}, {
        ", ".join(
            f"CASE WHEN in_{name} = 1 THEN {name}_rank END" for name in QUERY_TABLES
        )
    }, 1
        FROM ranked WHERE shown = 1 AND ({listed})
        UNION ALL {others}
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, conf.min_journeys_per_query()])
        rows = cursor.fetchall()
    tables = {name: QueryTable() for name in QUERY_TABLES}
    width = len(QUERY_TOTALS)
    for part, query, *values in rows:
        totals_row = dict(
            zip((f"total_{n}" for n in QUERY_TOTALS), values[:width], strict=True)
        )
        table_ranks = values[width : width + len(QUERY_TABLES)]
        if part == "listed":
            for name, rank in zip(QUERY_TABLES, table_ranks, strict=True):
                # A query listed in one table comes back with its rank in every
                # table it qualifies for, however low.
                if rank is not None and rank <= TABLE_ROWS:
                    tables[name].rows.append(
                        (rank, _query_row({"query": query, **totals_row}))
                    )
        elif values[-1]:
            other = _query_row({"query": "", **totals_row})
            other["queries"] = values[-1]
            tables[part].other = other
    for table in tables.values():
        table.rows = [row for _, row in sorted(table.rows, key=lambda pair: pair[0])]
    return tables


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
    return query_tables(report)["top"]


def zero_result_queries(report: ReportFilter) -> QueryTable:
    """Queries that found nothing at least once."""
    return query_tables(report)["zero"]


def low_click_through_queries(report: ReportFilter) -> QueryTable:
    """Queries with results that nobody opens (click-through at or under 20%)."""
    return query_tables(report)["low"]


def ticket_queries(report: ReportFilter) -> QueryTable:
    """Queries whose journeys most often ended in a ticket."""
    return query_tables(report)["ticket"]


THREAD_MEASURES = ("opened", "deflected", "confirmed", "failed", "question_deflected")
# The thread tables, each ranked by one measure (ties: the oldest thread first).
THREAD_TABLES = ("deflected", "failed", "question_deflected")


def thread_tables(report: ReportFilter) -> dict[str, list[dict]]:
    """The three thread tables in one statement: the period's threads are summed
    once and ranked by each measure; only listed threads are joined for titles."""
    where, params = _period_sql(report)
    totals = ", ".join(f"SUM({name}) AS {name}" for name in THREAD_MEASURES)
    ranks = ", ".join(
        f"CASE WHEN {name} > 0 THEN ROW_NUMBER() OVER ("
        f"PARTITION BY CASE WHEN {name} > 0 THEN 1 ELSE 0 END "
        f"ORDER BY {name} DESC, thread_id) END AS {name}_rank"
        for name in THREAD_TABLES
    )
    listed = " OR ".join(f"{name}_rank <= {TABLE_ROWS}" for name in THREAD_TABLES)
    statement = f"""
        SELECT ranked.thread_id, thread.title, thread.slug,
               {", ".join(f"ranked.{name}" for name in THREAD_MEASURES)},
               {", ".join(f"ranked.{name}_rank" for name in THREAD_TABLES)}
        FROM (
            SELECT grouped.*, {ranks}
            FROM (
                SELECT thread_id, {totals} FROM {DailyThreadStats._meta.db_table}
                WHERE {where} GROUP BY thread_id
            ) grouped
        ) ranked
        JOIN {Thread._meta.db_table} thread ON thread.id = ranked.thread_id
        WHERE {listed}
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    tables: dict[str, list] = {name: [] for name in THREAD_TABLES}
    for thread_id, title, slug, *values in rows:
        measures = dict(zip(THREAD_MEASURES, values, strict=False))
        row = {
            "thread_id": thread_id,
            "title": title,
            "url": _thread_url(thread_id, slug),
            **measures,
        }
        for name, rank in zip(
            THREAD_TABLES, values[len(THREAD_MEASURES) :], strict=True
        ):
            if rank is not None and rank <= TABLE_ROWS:
                tables[name].append((rank, row))
    return {
        name: [row for _, row in sorted(pairs, key=lambda pair: pair[0])]
        for name, pairs in tables.items()
    }


def _thread_url(thread_id: int, slug: str) -> str:
    try:
        return reverse(
            "forum:thread", kwargs={"thread_id": thread_id, "slug": slug or "-"}
        )
    except NoReverseMatch:  # the thread page is not routed in this build
        return ""


def top_deflecting_threads(report: ReportFilter) -> list[dict]:
    """Threads opened on the most journeys that ended without a ticket."""
    return thread_tables(report)["deflected"]


def most_failed_threads(report: ReportFilter) -> list[dict]:
    """Threads opened from results on the most journeys that still got a ticket."""
    return thread_tables(report)["failed"]


def question_deflecting_threads(report: ReportFilter) -> list[dict]:
    """Ask-page suggestions after which the visitor left without posting."""
    return thread_tables(report)["question_deflected"]
