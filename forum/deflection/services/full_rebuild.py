"""The full rebuild of journeys and daily aggregates, set-based.

``build_deflection_stats(full=True)`` recomputes every journey from all its events
and every day still within retention. Done journey by journey in Python (the
incremental path, outcomes.py) that is minutes of work at a million journeys, so the
full rebuild computes the very same fields with a few SQL statements instead:

1. the events, numbered in time order within their journey (one window pass);
2. per journey: counts, first and last times, who and which board, the ticket rule
   and the ``details`` facts, upserted into the journey table in one statement;
3. every day's aggregates from the journey rows: GROUP BY day and board (and query,
   or thread, read from each journey's ``details``).

The rules are those of ``outcomes.summarise_journey`` and ``aggregation.rebuild_day``;
tests/deflection/test_aggregation.py holds both paths to the same numbers on SQLite
and PostgreSQL. Only SQL that both databases understand is used, except for the few
JSON and date functions chosen in ``_Dialect``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.duration import duration_microseconds

from forum.deflection import conf
from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    EventKind,
    EventSource,
    Journey,
    JourneyEvent,
    Ticket,
    TicketSource,
)
from forum.models import Thread

EVENTS = "deflection_rebuild_events"
SEARCH = f"'{EventKind.SEARCH.value}'"
CLICK = f"'{EventKind.RESULT_CLICK.value}'"
VIEW = f"'{EventKind.THREAD_VIEW.value}'"
HELPFUL = f"'{EventKind.HELPFUL_YES.value}'"
SUBMITTED = f"'{EventKind.TICKET_SUBMITTED.value}'"
POSTED = f"'{EventKind.QUESTION_POSTED.value}'"
ASK = f"'{EventSource.ASK_SUGGESTIONS.value}'"
FORM = f"'{TicketSource.FORM.value}'"
DEFLECTED = "CASE WHEN j.deflected THEN 1 ELSE 0 END"
JOURNEY_COLUMNS = [
    field.column for field in Journey._meta.concrete_fields if not field.primary_key
]


class _Dialect:
    """The JSON and date SQL that differs between PostgreSQL and SQLite."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def json_object(self, *pairs: str) -> str:
        name = "jsonb_build_object" if self.postgres else "json_object"
        return f"{name}({', '.join(pairs)})"

    def json_flag(self, condition: str) -> str:
        if self.postgres:
            return f"({condition})"
        return f"json(CASE WHEN {condition} THEN 'true' ELSE 'false' END)"

    def json_agg(self, value: str, *, order: str, where: str) -> str:
        """A JSON array of ``value`` over the group, ordered (PostgreSQL; SQLite
        keeps its own order, which no count depends on)."""
        if self.postgres:
            return f"jsonb_agg({value} ORDER BY {order}) FILTER (WHERE {where})"
        return f"json_group_array({value}) FILTER (WHERE {where})"

    def json_value(self, column: str) -> str:
        """A JSON column of a derived table, kept JSON (SQLite forgets otherwise)."""
        empty = "'[]'::jsonb" if self.postgres else "json('[]')"
        value = column if self.postgres else f"json({column})"
        return f"COALESCE({value}, {empty})"

    def elements(self, column: str, key: str, alias: str) -> str:
        """FROM-clause rows for each element of the array ``column[key]``."""
        if self.postgres:
            elements = f"jsonb_array_elements({column}->'{key}')"
            return f"CROSS JOIN LATERAL {elements} AS {alias}(value)"
        return f"CROSS JOIN json_each({column}, '$.{key}') AS {alias}"

    def member(self, value: str, key: str) -> str:
        if self.postgres:
            return f"({value}->>'{key}')"
        return f"json_extract({value}, '$.{key}')"

    def integer(self, value: str) -> str:
        return f"({value})::bigint" if self.postgres else value

    def truthy(self, value: str) -> str:
        return f"COALESCE(({value})::boolean, false)" if self.postgres else value

    def element_id(self, alias: str) -> str:
        """A thread id held in an array element."""
        return (
            f"({alias}.value #>> '{{}}')::bigint" if self.postgres else f"{alias}.value"
        )

    def local_date(self, column: str) -> tuple[str, list]:
        sql, params = connection.ops.datetime_cast_date_sql(
            column, (), timezone.get_current_timezone_name()
        )
        return sql, list(params)

    def plus(self, column: str, delta: timedelta) -> tuple[str, list]:
        if self.postgres:
            return f"({column} + %s)", [delta]
        return f"django_format_dtdelta('+', {column}, %s)", [
            duration_microseconds(delta)
        ]


def rebuild_everything(*, now: datetime) -> dict:
    """Recompute every journey with events and every day within retention; returns
    the number of journeys and the days rebuilt (as build_deflection_stats does)."""
    oldest = timezone.localdate(now - conf.retention())
    sql = _Dialect()
    with connection.cursor() as cursor:
        if sql.postgres:
            # The window pass and the hash aggregates sort millions of rows.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        _number_events(cursor)
        _upsert_journeys(cursor, sql, now=now)
        cursor.execute(f"DROP TABLE {EVENTS}")  # noqa: S608  # nosec B608
    # Journeys whose events are gone have nothing left to learn.
    Journey.objects.filter(
        ~Exists(JourneyEvent.objects.filter(journey_id=OuterRef("public_id")))
    ).exclude(is_final=True, needs_rebuild=False).update(
        is_final=True, needs_rebuild=False
    )
    days = _days_from(oldest)
    for model in (DailyBoardStats, DailyQueryStats, DailyThreadStats):
        model.objects.filter(day__gte=oldest).delete()
    ended = Journey.objects.filter(day__gte=oldest, is_ended=True).order_by()
    _insert_board_stats(ended)
    with connection.cursor() as cursor:
        _insert_query_stats(cursor, sql, oldest=oldest)
        _insert_thread_stats(cursor, sql, oldest=oldest)
    return {"journeys": Journey.objects.count(), "days": days}


def _days_from(oldest: date) -> list[date]:
    journey_days = Journey.objects.filter(day__gte=oldest).values_list("day")
    stats_days = DailyBoardStats.objects.filter(day__gte=oldest).values_list("day")
    return sorted({day for (day,) in journey_days.distinct().union(stats_days)})


def _number_events(cursor) -> None:
    """Each event with its place in the journey and the number of searches so far
    (a click belongs to the query of the search before it)."""
    events = JourneyEvent._meta.db_table
    cursor.execute(f"DROP TABLE IF EXISTS {EVENTS}")  # noqa: S608  # nosec B608
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {EVENTS} AS
        SELECT journey_key, kind, source, session_hash, user_id, board_id,
               normalised_query, result_count, thread_id, created_at,
               ROW_NUMBER() OVER in_order AS position,
               SUM(CASE WHEN kind = {SEARCH} THEN 1 ELSE 0 END) OVER in_order
                   AS search_number
        FROM {events}
        WINDOW in_order AS (
            PARTITION BY journey_key ORDER BY created_at, id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        )
        """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
    )
    cursor.execute(
        f"CREATE INDEX {EVENTS}_place ON {EVENTS} (journey_key, position)"  # noqa: S608  # nosec B608
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {EVENTS}")  # noqa: S608  # nosec B608


def _upsert_journeys(cursor, sql: _Dialect, *, now: datetime) -> None:
    """Every journey's fields from its numbered events and its tickets, inserted or
    updated in one statement."""
    adapt = connection.ops.adapt_datetimefield_value
    idle_cutoff = adapt(now - conf.idle_timeout())
    window_cutoff = adapt(now - conf.ticket_window())
    day, day_params = sql.local_date("j.started_at")
    ended_at, ended_params = sql.plus("j.last_event_at", conf.idle_timeout())
    window_end, window_params = sql.plus(
        "COALESCE(j.last_search_at, j.last_event_at)", conf.ticket_window()
    )
    tickets = Ticket._meta.db_table
    query = sql.json_object(
        "'q'", "query",
        "'searches'", "searches",
        "'zero'", "zero",
        "'results'", sql.json_flag("results > 0"),
        "'clicked'", sql.json_flag("clicked > 0"),
    )  # fmt: skip
    details = sql.json_object(
        "'queries'", sql.json_value("q.queries"),
        "'opened'", sql.json_value("t.opened"),
        "'clicked'", sql.json_value("t.clicked"),
        "'helpful'", sql.json_value("t.helpful"),
        "'asked'", sql.json_value("t.asked"),
    )  # fmt: skip
    updates = ", ".join(
        f"{c} = EXCLUDED.{c}" for c in JOURNEY_COLUMNS if c != "public_id"
    )
    statement = f"""
        INSERT INTO {Journey._meta.db_table} ({", ".join(JOURNEY_COLUMNS)})
        SELECT public_id, session_hash, user_id,
               CASE WHEN user_id IS NOT NULL THEN 'user:' || user_id
                    ELSE 'session:' || session_hash END,
               board_id, started_at, day, last_event_at, last_search_at,
               is_ended, CASE WHEN is_ended THEN ended_at END,
               is_ended AND (ticket OR COALESCE(last_search_at, last_event_at) <= %s),
               1 = 0,
               search_count, zero_result_searches, click_count,
               search_count > 0, click_count > 0, opened > 0, helpful > 0,
               ticket,
               is_ended AND search_count > 0 AND NOT ticket,
               is_ended AND ticket AND click_count > 0,
               is_ended AND asked > 0 AND posted = 0,
               details
        FROM (
            SELECT j.journey_key AS public_id, opener.session_hash, who.user_id,
                   place.board_id, j.started_at, {day} AS day, j.last_event_at,
                   j.last_search_at, j.last_event_at <= %s AS is_ended,
                   {ended_at} AS ended_at,
                   (j.submitted > 0 OR form.journey_key IS NOT NULL
                    OR (helpdesk.first_at IS NOT NULL
                        AND helpdesk.first_at <= {window_end})) AS ticket,
                   j.search_count, j.zero_result_searches, j.click_count, j.opened,
                   j.helpful, j.asked, j.posted, {details} AS details
            FROM (
                SELECT journey_key,
                       MIN(created_at) AS started_at,
                       MAX(created_at) AS last_event_at,
                       MAX(CASE WHEN kind = {SEARCH} THEN created_at END)
                           AS last_search_at,
                       SUM(CASE WHEN kind = {SEARCH} THEN 1 ELSE 0 END) AS search_count,
                       SUM(CASE WHEN kind = {SEARCH} AND COALESCE(result_count, 0) = 0
                           THEN 1 ELSE 0 END) AS zero_result_searches,
                       SUM(CASE WHEN kind = {CLICK} THEN 1 ELSE 0 END) AS click_count,
                       SUM(CASE WHEN kind IN ({CLICK}, {VIEW}) THEN 1 ELSE 0 END)
                           AS opened,
                       SUM(CASE WHEN kind = {HELPFUL} THEN 1 ELSE 0 END) AS helpful,
                       SUM(CASE WHEN kind = {SUBMITTED} THEN 1 ELSE 0 END) AS submitted,
                       SUM(CASE WHEN kind = {POSTED} THEN 1 ELSE 0 END) AS posted,
                       SUM(CASE WHEN kind = {CLICK} AND source = {ASK}
                           AND COALESCE(thread_id, 0) <> 0 THEN 1 ELSE 0 END) AS asked,
                       MIN(CASE WHEN user_id IS NOT NULL THEN position END)
                           AS user_position,
                       MIN(CASE WHEN kind = {SEARCH} AND board_id IS NOT NULL
                           THEN position END) AS board_position
                FROM {EVENTS}
                GROUP BY journey_key
            ) j
            JOIN {EVENTS} opener
                ON opener.journey_key = j.journey_key AND opener.position = 1
            LEFT JOIN {EVENTS} who
                ON who.journey_key = j.journey_key AND who.position = j.user_position
            LEFT JOIN {EVENTS} place
                ON place.journey_key = j.journey_key
                AND place.position = j.board_position
            LEFT JOIN (
                SELECT journey_key FROM {tickets}
                WHERE source = {FORM} AND journey_key IS NOT NULL
                GROUP BY journey_key
            ) form ON form.journey_key = j.journey_key
            LEFT JOIN (
                SELECT journey_key, MIN(created_at) AS first_at FROM {tickets}
                WHERE source <> {FORM} AND journey_key IS NOT NULL
                GROUP BY journey_key
            ) helpdesk ON helpdesk.journey_key = j.journey_key
            LEFT JOIN ({_queries_per_journey(sql, query)}) q
                ON q.journey_key = j.journey_key
            LEFT JOIN ({_threads_per_journey(sql)}) t
                ON t.journey_key = j.journey_key
        ) outcome
        WHERE public_id IS NOT NULL
        ON CONFLICT (public_id) DO UPDATE SET {updates}
    """  # noqa: S608 -- only table and column names and constants are interpolated  # nosec B608
    params = [
        window_cutoff,
        *day_params,
        idle_cutoff,
        *ended_params,
        *window_params,
    ]
    cursor.execute(statement, params)


def _queries_per_journey(sql: _Dialect, query: str) -> str:
    """Per journey, a JSON list of its queries: searches, zero-result searches,
    whether any found results and whether a click followed one of them."""
    return f"""
        SELECT journey_key,
               {sql.json_agg(query, order="first_position", where="1 = 1")} AS queries
        FROM (
            SELECT s.journey_key, s.normalised_query AS query,
                   COUNT(*) AS searches,
                   SUM(CASE WHEN COALESCE(s.result_count, 0) = 0 THEN 1 ELSE 0 END)
                       AS zero,
                   MAX(CASE WHEN COALESCE(s.result_count, 0) <> 0 THEN 1 ELSE 0 END)
                       AS results,
                   MAX(CASE WHEN c.journey_key IS NOT NULL THEN 1 ELSE 0 END)
                       AS clicked,
                   MIN(s.position) AS first_position
            FROM {EVENTS} s
            LEFT JOIN (
                SELECT DISTINCT journey_key, search_number FROM {EVENTS}
                WHERE kind = {CLICK} AND search_number > 0
            ) c ON c.journey_key = s.journey_key AND c.search_number = s.search_number
            WHERE s.kind = {SEARCH}
            GROUP BY s.journey_key, s.normalised_query
        ) per_query
        GROUP BY journey_key
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608


def _threads_per_journey(sql: _Dialect) -> str:
    """Per journey, the threads it opened, clicked, found helpful and clicked among
    the ask-page suggestions, each listed once."""
    lists = ", ".join(
        f"{sql.json_agg('thread_id', order=order, where=where)} AS {name}"
        for name, order, where in (
            ("opened", "opened_at", "opened_at IS NOT NULL"),
            ("clicked", "clicked_at", "clicked_at IS NOT NULL"),
            ("helpful", "helpful_at", "helpful_at IS NOT NULL"),
            ("asked", "thread_id", "asked > 0"),
        )
    )
    return f"""
        SELECT journey_key, {lists}
        FROM (
            SELECT journey_key, thread_id,
                   MIN(CASE WHEN kind IN ({CLICK}, {VIEW}) THEN position END)
                       AS opened_at,
                   MIN(CASE WHEN kind = {CLICK} THEN position END) AS clicked_at,
                   MIN(CASE WHEN kind = {HELPFUL} THEN position END) AS helpful_at,
                   MAX(CASE WHEN kind = {CLICK} AND source = {ASK} THEN 1 ELSE 0 END)
                       AS asked
            FROM {EVENTS}
            WHERE COALESCE(thread_id, 0) <> 0
            GROUP BY journey_key, thread_id
        ) per_thread
        GROUP BY journey_key
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608


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
