"""Per-period rollups: the report's ranked query, thread and article tables and its
community health for every standard period and board, kept by the aggregation run
so that the report reads the hundred or so rows it lists instead of summing every
daily row of the period (for all boards over 90 days, a quarter of a million
per-query rows at a million journeys) and counting every thread and post of the period.

A rollup holds exactly what the report's own ranking statements return
(``selectors/rankings.py``), inserted with ``INSERT ... SELECT``, so a rollup-backed
report and one computed from the daily rows list the same numbers. A rollup is
rebuilt whole (delete, insert), so runs are idempotent. Each run rebuilds the
rollups whose days it rebuilt, builds the missing ones (new day, new board) and
those ranked under another query threshold, and drops those no longer current.
Community health and the community report's figures are not made of journeys:
every run recounts them for every current rollup, so the reports show them as of
the last run. Anything else (a custom period, a rollup not built yet) is computed
from the daily rows, and live, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import (
    PeriodRollup,
    PeriodRollupArticle,
    PeriodRollupQuery,
    PeriodRollupThread,
)
from forum.deflection.selectors import article_rankings, rankings
from forum.deflection.selectors.health import (
    health_as_json,
    live_community_health,
)
from forum.deflection.selectors.report import (
    STANDARD_PERIODS,
    TABLE_ROWS,
    ReportFilter,
)
from forum.models import Board
from forum.reports.selectors.community import community_figures
from forum.reports.selectors.community_rollup import figures_as_json

# Threads kept below each thread table: a thread merged away between two runs takes
# its rollup rows with it, and the next ones move up, as they would in the report
# computed afresh.
SPARE_THREADS = TABLE_ROWS


def build_period_rollups(*, now: datetime, rebuilt_days: Iterable[date]) -> int:
    """Bring the standard periods' rollups up to date after the daily aggregates of
    ``rebuilt_days`` were rebuilt (in the same transaction), and recount their
    community health; returns how many rollups were built."""
    threshold = conf.min_journeys_per_query()
    boards = [None, *Board.objects.order_by("pk")]
    wanted = {
        (first, last, board.pk if board else None): board
        for first, last in current_periods(now)
        for board in boards
    }
    changed = set(rebuilt_days)
    kept, stale = set(), []
    for pk, first, last, board_id, min_journeys in PeriodRollup.objects.values_list(
        "pk", "first_day", "last_day", "board_id", "min_journeys"
    ):
        key = (first, last, board_id)
        touched = any(first <= day <= last for day in changed)
        if key not in wanted or touched or min_journeys != threshold:
            stale.append(pk)
        else:
            kept.add(key)
    PeriodRollup.objects.filter(pk__in=stale).delete()
    missing = [key for key in wanted if key not in kept]
    for first, last, board_id in missing:
        board = wanted[first, last, board_id]
        report = ReportFilter(start=first, end=last, board=board)
        _build_rollup(report, threshold=threshold, now=now)
    _refresh_health(now=now)
    return len(missing)


def _refresh_health(*, now: datetime) -> None:
    """Every current rollup's community health, and then the community report's
    figures (which read that health), computed afresh: threads and posts change all
    the time, so each run recounts them."""
    for rollup in PeriodRollup.objects.select_related("board"):
        report = ReportFilter(
            start=rollup.first_day, end=rollup.last_day, board=rollup.board
        )
        rollup.health = health_as_json(live_community_health(report))
        rollup.health_built_at = now
        rollup.save(update_fields=["health", "health_built_at"])
        rollup.community = figures_as_json(community_figures(report))
        rollup.community_built_at = now
        rollup.save(update_fields=["community", "community_built_at"])


def current_periods(now: datetime) -> set[tuple[date, date]]:
    """The first and last day of each standard period ending today, and of those
    ending on the day the next run may fall on. Built before midnight, the latter
    are right until that run: no day after today has aggregates before it."""
    today = timezone.localdate(now)
    next_run = timezone.localdate(now + 2 * conf.jobs_interval())
    return {
        (last - timedelta(days=days - 1), last)
        for last in {today, next_run}
        for days in STANDARD_PERIODS
    }


def _build_rollup(report: ReportFilter, *, threshold: int, now: datetime) -> None:
    rollup = PeriodRollup.objects.create(
        first_day=report.start,
        last_day=report.end,
        board=report.board,
        min_journeys=threshold,
        built_at=now,
    )
    queries, query_params = rankings.ranked_queries_sql(report)
    query_columns = ", ".join(rankings.QUERY_ROW_COLUMNS)
    # An "other" row has no query text; those whose table has no rare query at
    # all (NULL sums) are left out, as the report leaves them out.
    selected = ", ".join(
        "COALESCE(query, '')" if column == "query" else column
        for column in rankings.QUERY_ROW_COLUMNS
    )
    threads, thread_params = rankings.ranked_threads_sql(
        report, rows=TABLE_ROWS + SPARE_THREADS
    )
    thread_columns = ", ".join(rankings.THREAD_ROW_COLUMNS)
    articles, article_params = article_rankings.ranked_articles_sql(
        report, rows=TABLE_ROWS + SPARE_THREADS
    )
    article_columns = ", ".join(article_rankings.ARTICLE_ROW_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PeriodRollupQuery._meta.db_table} "  # noqa: S608  # nosec B608
            f"(rollup_id, {query_columns}) SELECT %s, {selected} "
            f"FROM ({queries}) ranked WHERE queries > 0",
            [rollup.pk, *query_params],
        )
        cursor.execute(
            f"INSERT INTO {PeriodRollupThread._meta.db_table} "  # noqa: S608  # nosec B608
            f"(rollup_id, {thread_columns}) SELECT %s, {thread_columns} "
            f"FROM ({threads}) ranked",
            [rollup.pk, *thread_params],
        )
        cursor.execute(
            f"INSERT INTO {PeriodRollupArticle._meta.db_table} "  # noqa: S608  # nosec B608
            f"(rollup_id, {article_columns}) SELECT %s, {article_columns} "
            f"FROM ({articles}) ranked",
            [rollup.pk, *article_params],
        )
