"""The full rebuild's run: number the events, rebuild the journeys, then every day
within retention."""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Journey,
    JourneyEvent,
)
from forum.deflection.services.full_rebuild.daily import (
    _insert_article_stats,
    _insert_board_stats,
    _insert_query_stats,
    _insert_thread_stats,
)
from forum.deflection.services.full_rebuild.dialect import EVENTS, SEARCH, _Dialect
from forum.deflection.services.full_rebuild.journeys import _upsert_journeys


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
    for model in (
        DailyBoardStats,
        DailyQueryStats,
        DailyThreadStats,
        DailyArticleStats,
    ):
        model.objects.filter(day__gte=oldest).delete()
    ended = Journey.objects.filter(day__gte=oldest, is_ended=True).order_by()
    _insert_board_stats(ended)
    with connection.cursor() as cursor:
        _insert_query_stats(cursor, sql, oldest=oldest)
        _insert_thread_stats(cursor, sql, oldest=oldest)
        _insert_article_stats(cursor, sql, oldest=oldest)
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
               normalised_query, result_count, thread_id, article_id, created_at,
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
