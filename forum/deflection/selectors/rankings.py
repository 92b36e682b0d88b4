"""The report's query and thread tables: the period's daily aggregates summed once
per group of tables and ranked in SQL, or, for the standard periods, the rows the
aggregation job ranked that way and kept in a rollup (services/rollups.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.urls import NoReverseMatch, reverse

from forum.deflection import conf
from forum.deflection.models import (
    DailyQueryStats,
    DailyThreadStats,
    PeriodRollupQuery,
    PeriodRollupThread,
)
from forum.deflection.selectors.report import (
    TABLE_ROWS,
    ReportFilter,
    period_rollup,
    ratio,
)
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


# The columns of a ranked query row, as the report reads them and a rollup keeps
# them: "listed" rows with their rank in each table they are listed in, and one
# row per table summing its "other" queries (``queries`` says how many).
QUERY_RANKS = tuple(f"{name}_rank" for name in QUERY_TABLES)
QUERY_ROW_COLUMNS = ("part", "query", *QUERY_TOTALS, *QUERY_RANKS, "queries")


def ranked_queries_sql(report: ReportFilter) -> tuple[str, list]:
    """The statement behind the four query tables: the period's queries are summed
    once and ranked for each table; only the listed rows and each table's "other"
    totals (queries used by too few journeys) come back, as QUERY_ROW_COLUMNS."""
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
    # A query listed in one table comes back with no rank in the tables that
    # would list it too low.
    listed_ranks = ", ".join(
        f"CASE WHEN in_{name} = 1 AND {name}_rank <= {TABLE_ROWS} "
        f"THEN {name}_rank END AS {name}_rank"
        for name in QUERY_TABLES
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
        SELECT 'listed' AS part, query, {columns}, {listed_ranks}, 1 AS queries
        FROM ranked WHERE shown = 1 AND ({listed})
        UNION ALL {others}
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    return statement, [*params, conf.min_journeys_per_query()]


def _rollup_rows_sql(model, columns, rollup: int) -> tuple[str, list]:
    """The rows a rollup kept for one table, in the columns its ranking wrote."""
    statement = (
        f"SELECT {', '.join(columns)} "  # noqa: S608  # nosec B608
        f"FROM {model._meta.db_table} WHERE rollup_id = %s"
    )
    return statement, [rollup]


def query_tables(
    report: ReportFilter, *, rollup: int | None = None
) -> dict[str, QueryTable]:
    """All four query tables in one statement: the rows kept by ``rollup`` (the
    report's period and board, see ``period_rollup``), or else ranked from the
    period's daily aggregates."""
    if rollup is None:
        statement, params = ranked_queries_sql(report)
    else:
        statement, params = _rollup_rows_sql(
            PeriodRollupQuery, QUERY_ROW_COLUMNS, rollup
        )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
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
                if rank is not None:
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
    # PostgreSQL types the union's sums as numeric: counts are integers all the same.
    values = {name: int(row.get(f"total_{name}") or 0) for name in QUERY_TOTALS}
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
    return query_tables(report, rollup=period_rollup(report))["top"]


def zero_result_queries(report: ReportFilter) -> QueryTable:
    """Queries that found nothing at least once."""
    return query_tables(report, rollup=period_rollup(report))["zero"]


def low_click_through_queries(report: ReportFilter) -> QueryTable:
    """Queries with results that nobody opens (click-through at or under 20%)."""
    return query_tables(report, rollup=period_rollup(report))["low"]


def ticket_queries(report: ReportFilter) -> QueryTable:
    """Queries whose journeys most often ended in a ticket."""
    return query_tables(report, rollup=period_rollup(report))["ticket"]


THREAD_MEASURES = ("opened", "deflected", "confirmed", "failed", "question_deflected")
# The thread tables, each ranked by one measure (ties: the oldest thread first).
THREAD_TABLES = ("deflected", "failed", "question_deflected")


THREAD_RANKS = tuple(f"{name}_rank" for name in THREAD_TABLES)
# The columns of a ranked thread, as the report reads them and a rollup keeps them.
THREAD_ROW_COLUMNS = ("thread_id", *THREAD_MEASURES, *THREAD_RANKS)


def ranked_threads_sql(
    report: ReportFilter, *, rows: int = TABLE_ROWS
) -> tuple[str, list]:
    """The statement behind the three thread tables: the period's threads summed
    once and ranked by each measure; those within ``rows`` of the top of any table
    come back, as THREAD_ROW_COLUMNS."""
    where, params = _period_sql(report)
    totals = ", ".join(f"SUM({name}) AS {name}" for name in THREAD_MEASURES)
    ranks = ", ".join(
        f"CASE WHEN {name} > 0 THEN ROW_NUMBER() OVER ("
        f"PARTITION BY CASE WHEN {name} > 0 THEN 1 ELSE 0 END "
        f"ORDER BY {name} DESC, thread_id) END AS {name}_rank"
        for name in THREAD_TABLES
    )
    listed = " OR ".join(f"{name} <= {int(rows)}" for name in THREAD_RANKS)
    statement = f"""
        SELECT {", ".join(THREAD_ROW_COLUMNS)}
        FROM (
            SELECT grouped.*, {ranks}
            FROM (
                SELECT thread_id, {totals} FROM {DailyThreadStats._meta.db_table}
                WHERE {where} GROUP BY thread_id
            ) grouped
        ) ranked
        WHERE {listed}
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    return statement, params


def thread_tables(
    report: ReportFilter, *, rollup: int | None = None
) -> dict[str, list[dict]]:
    """The three thread tables in one statement: the threads kept by ``rollup``
    (the report's period and board, see ``period_rollup``), or else ranked from
    the period's daily aggregates; only listed threads are joined for titles."""
    if rollup is None:
        ranked, params = ranked_threads_sql(report)
    else:
        ranked, params = _rollup_rows_sql(
            PeriodRollupThread, THREAD_ROW_COLUMNS, rollup
        )
    statement = f"""
        SELECT ranked.thread_id, thread.title, thread.slug,
               {", ".join(f"ranked.{name}" for name in THREAD_MEASURES)},
               {", ".join(f"ranked.{name}" for name in THREAD_RANKS)}
        FROM ({ranked}) ranked
        JOIN {Thread._meta.db_table} thread ON thread.id = ranked.thread_id
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
            if rank is not None:
                tables[name].append((rank, row))
    # A rollup keeps spare threads below each table, so that the table stays
    # full when a listed thread is deleted (merged) before the next build: the
    # first TABLE_ROWS that still exist are what ranking them afresh would list.
    return {
        name: [row for _, row in sorted(pairs, key=lambda pair: pair[0])][:TABLE_ROWS]
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
    return thread_tables(report, rollup=period_rollup(report))["deflected"]


def most_failed_threads(report: ReportFilter) -> list[dict]:
    """Threads opened from results on the most journeys that still got a ticket."""
    return thread_tables(report, rollup=period_rollup(report))["failed"]


def question_deflecting_threads(report: ReportFilter) -> list[dict]:
    """Ask-page suggestions after which the visitor left without posting."""
    return thread_tables(report, rollup=period_rollup(report))["question_deflected"]
