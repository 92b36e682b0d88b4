"""Every journey's fields from its numbered events and tickets, in one statement."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from forum.deflection import conf
from forum.deflection.models import (
    Journey,
    Ticket,
    TicketJourney,
)
from forum.deflection.services.full_rebuild.dialect import (
    ARTICLE_VIEW,
    ASK,
    CLICK,
    EVENTS,
    FORM,
    HELPFUL,
    JOURNEY_COLUMNS,
    POSTED,
    SEARCH,
    SUBMITTED,
    UNHELPFUL,
    VIEW,
    _Dialect,
)


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
    # Identity-matched tickets reach their journeys through links, counted exactly
    # like the helpdesk's journey-id tickets.
    links = TicketJourney._meta.db_table
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
        "'articles_opened'", sql.json_value("a.opened"),
        "'articles_clicked'", sql.json_value("a.clicked"),
        "'articles_helpful'", sql.json_value("a.helpful"),
        "'articles_unhelpful'", sql.json_value("a.unhelpful"),
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
                       SUM(CASE WHEN kind IN ({CLICK}, {VIEW}, {ARTICLE_VIEW})
                           THEN 1 ELSE 0 END) AS opened,
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
                SELECT journey_key, MIN(created_at) AS first_at FROM (
                    SELECT journey_key, created_at FROM {tickets}
                    WHERE source <> {FORM} AND journey_key IS NOT NULL
                    UNION ALL
                    SELECT link.journey_key, reported.created_at
                    FROM {links} link
                    JOIN {tickets} reported ON reported.id = link.ticket_id
                    WHERE reported.source <> {FORM}
                ) helpdesk_tickets
                GROUP BY journey_key
            ) helpdesk ON helpdesk.journey_key = j.journey_key
            LEFT JOIN ({_queries_per_journey(sql, query)}) q
                ON q.journey_key = j.journey_key
            LEFT JOIN ({_threads_per_journey(sql)}) t
                ON t.journey_key = j.journey_key
            LEFT JOIN ({_articles_per_journey(sql)}) a
                ON a.journey_key = j.journey_key
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


def _articles_per_journey(sql: _Dialect) -> str:
    """Per journey, the knowledge articles it opened, clicked, and said helped or
    did not, each listed once."""
    lists = ", ".join(
        f"{sql.json_agg('article_id', order=order, where=f'{order} IS NOT NULL')}"
        f" AS {name}"
        for name, order in (
            ("opened", "opened_at"),
            ("clicked", "clicked_at"),
            ("helpful", "helpful_at"),
            ("unhelpful", "unhelpful_at"),
        )
    )
    return f"""
        SELECT journey_key, {lists}
        FROM (
            SELECT journey_key, article_id,
                   MIN(CASE WHEN kind IN ({CLICK}, {ARTICLE_VIEW}) THEN position END)
                       AS opened_at,
                   MIN(CASE WHEN kind = {CLICK} THEN position END) AS clicked_at,
                   MIN(CASE WHEN kind = {HELPFUL} THEN position END) AS helpful_at,
                   MIN(CASE WHEN kind = {UNHELPFUL} THEN position END)
                       AS unhelpful_at
            FROM {EVENTS}
            WHERE COALESCE(article_id, 0) <> 0
            GROUP BY journey_key, article_id
        ) per_article
        GROUP BY journey_key
    """  # noqa: S608 -- only table names and constants are interpolated  # nosec B608
