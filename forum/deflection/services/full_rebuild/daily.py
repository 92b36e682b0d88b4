"""Every day's aggregates from the journey rows: by board, query, thread and
knowledge article."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Count, Q, Sum

from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Journey,
)
from forum.deflection.services.full_rebuild.dialect import DEFLECTED, _Dialect
from forum.knowledge.models import Article
from forum.models import Thread


def board_totals() -> dict:
    """The DailyBoardStats counts of a group of journeys (prefixed: several share a
    name with a Journey field)."""
    deflected = Q(deflected=True)
    return {
        "n_journeys": Count("pk"),
        "n_searched_journeys": Count("pk", filter=Q(searched=True)),
        "n_searches": Sum("search_count"),
        "n_zero_result_searches": Sum("zero_result_searches"),
        "n_clicks": Sum("click_count"),
        "n_tickets": Count("pk", filter=Q(ticket=True)),
        "n_deflected": Count("pk", filter=deflected),
        "n_engaged": Count("pk", filter=deflected & Q(engaged=True)),
        "n_confirmed": Count("pk", filter=deflected & Q(confirmed_helpful=True)),
        "n_failed": Count("pk", filter=Q(failed=True)),
        "n_question_deflected": Count("pk", filter=Q(question_deflected=True)),
        "n_visitors": Count("visitor", distinct=True),
        "n_ticket_visitors": Count("visitor", distinct=True, filter=Q(ticket=True)),
    }


def _insert_board_stats(ended) -> None:
    totals = board_totals()
    rows = (
        ended.values("day", "board_id")
        .annotate(**totals)
        .values_list("day", "board_id", *totals)
    )
    select, params = rows.query.sql_with_params()
    columns = ["day", "board_id", *(name.removeprefix("n_") for name in totals)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DailyBoardStats._meta.db_table} ({', '.join(columns)}) "  # noqa: S608  # nosec B608
            + select,
            params,
        )


def _insert_query_stats(cursor, sql: _Dialect, *, oldest: date) -> None:
    """Per day, board and query: the journeys that searched it and how they ended."""
    value = "q.value"
    text = sql.member(value, "q")
    results = sql.truthy(sql.member(value, "results"))
    clicked = sql.truthy(sql.member(value, "clicked"))
    cursor.execute(
        f"""
        INSERT INTO {DailyQueryStats._meta.db_table}
            (day, board_id, query, journeys, searches, zero_result_searches,
             journeys_with_results, clicked_journeys, tickets, deflected)
        SELECT j.day, j.board_id, {text}, COUNT(*),
               SUM({sql.integer(sql.member(value, "searches"))}),
               SUM({sql.integer(sql.member(value, "zero"))}),
               SUM(CASE WHEN {results} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {clicked} THEN 1 ELSE 0 END),
               SUM(CASE WHEN j.ticket THEN 1 ELSE 0 END),
               SUM(CASE WHEN j.deflected THEN 1 ELSE 0 END)
        FROM {Journey._meta.db_table} j
        {sql.elements("j.details", "queries", "q")}
        WHERE j.day >= %s AND j.is_ended
        GROUP BY j.day, j.board_id, {text}
        """,  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
        [oldest],
    )


def _insert_thread_stats(cursor, sql: _Dialect, *, oldest: date) -> None:
    """Per day, board and (still existing) thread: journeys that opened it, and
    those deflected, confirmed, failed or deflected at ask time."""
    journeys = Journey._meta.db_table
    parts, params = [], []
    names = ("opened", "deflected", "confirmed", "failed", "question_deflected")
    for key, condition, values in (
        (
            "opened",
            "1 = 1",
            ("1", DEFLECTED, "0", "0", "0"),
        ),
        ("helpful", "j.deflected", ("0", "0", "1", "0", "0")),
        ("clicked", "j.failed", ("0", "0", "0", "1", "0")),
        ("asked", "j.question_deflected", ("0", "0", "0", "0", "1")),
    ):
        measures = ", ".join(
            f"{value} AS {name}" for value, name in zip(values, names, strict=True)
        )
        parts.append(
            f"""
            SELECT j.day, j.board_id, {sql.element_id("e")} AS thread_id,
                   {measures}
            FROM {journeys} j {sql.elements("j.details", key, "e")}
            WHERE j.day >= %s AND j.is_ended AND {condition}
            """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
        )
        params.append(oldest)
    facts = " UNION ALL ".join(parts)
    cursor.execute(
        f"""
        INSERT INTO {DailyThreadStats._meta.db_table}
            (day, board_id, thread_id, opened, deflected, confirmed, failed,
             question_deflected)
        SELECT f.day, f.board_id, f.thread_id, SUM(f.opened), SUM(f.deflected),
               SUM(f.confirmed), SUM(f.failed), SUM(f.question_deflected)
        FROM ({facts}) f
        JOIN {Thread._meta.db_table} t ON t.id = f.thread_id
        GROUP BY f.day, f.board_id, f.thread_id
        """,  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
        params,
    )


def _insert_article_stats(cursor, sql: _Dialect, *, oldest: date) -> None:
    """Per day, board and (still existing) article: journeys that opened it, and
    those deflected, confirmed or failed, and the yes and no answers on it."""
    journeys = Journey._meta.db_table
    parts, params = [], []
    names = ("opened", "deflected", "confirmed", "failed", "helpful_yes", "helpful_no")
    for key, condition, values in (
        ("articles_opened", "1 = 1", ("1", DEFLECTED, "0", "0", "0", "0")),
        ("articles_helpful", "1 = 1", ("0", "0", DEFLECTED, "0", "1", "0")),
        ("articles_unhelpful", "1 = 1", ("0", "0", "0", "0", "0", "1")),
        ("articles_clicked", "j.failed", ("0", "0", "0", "1", "0", "0")),
    ):
        measures = ", ".join(
            f"{value} AS {name}" for value, name in zip(values, names, strict=True)
        )
        parts.append(
            f"""
            SELECT j.day, j.board_id, {sql.element_id("e")} AS article_id,
                   {measures}
            FROM {journeys} j {sql.elements("j.details", key, "e")}
            WHERE j.day >= %s AND j.is_ended AND {condition}
            """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
        )
        params.append(oldest)
    facts = " UNION ALL ".join(parts)
    sums = ", ".join(f"SUM(f.{name})" for name in names)
    cursor.execute(
        f"""
        INSERT INTO {DailyArticleStats._meta.db_table}
            (day, board_id, article_id, {", ".join(names)})
        SELECT f.day, f.board_id, f.article_id, {sums}
        FROM ({facts}) f
        JOIN {Article._meta.db_table} a ON a.id = f.article_id
        GROUP BY f.day, f.board_id, f.article_id
        """,  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
        params,
    )
