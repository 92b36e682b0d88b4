"""Per-period rollups: the report's tables for the standard periods, ranked by the
aggregation run; the same numbers as the report computed from the daily rows."""

import random
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    PeriodRollup,
    PeriodRollupQuery,
    PeriodRollupThread,
)
from forum.deflection.selectors.dashboard import CSV_TABLES, deflection_report
from forum.deflection.selectors.health import community_health, live_community_health
from forum.deflection.selectors.rankings import query_tables, thread_tables
from forum.deflection.selectors.report import (
    STANDARD_PERIODS,
    TABLE_ROWS,
    ReportFilter,
    period_rollup,
)
from forum.deflection.services.aggregation import build_deflection_stats
from forum.deflection.services.rollups import current_periods
from forum.models import AcceptedAs
from forum.reports.selectors.community import community_figures
from forum.reports.selectors.community_rollup import stored_figures
from tests.deflection.conftest import SYDNEY, Visitor, build
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def fill_aggregates(boards, *, seed=7):
    """A hundred days of varied daily rows: forty common queries near the query
    threshold, with ties; rare ones below it; zero measures; and more queries and
    threads than a table lists."""
    rng = random.Random(seed)
    today = timezone.localdate()
    home = next(board for board in boards if board is not None)
    threads = [ThreadFactory(board=home) for _ in range(60)]
    queries, thread_stats, board_stats = [], [], []
    for offset in range(100):
        day = today - timedelta(days=offset)
        for board in boards:
            board_stats.append(
                DailyBoardStats(
                    day=day, board=board, journeys=9, searched_journeys=8, deflected=5
                )
            )
            common = [f"query {n}" for n in rng.sample(range(40), 10)]
            rare = [f"rare {offset} {n} {board and board.pk}" for n in range(2)]
            for text in common + rare:
                journeys = 1 if text in rare else rng.randint(0, 3)
                with_results = rng.randint(0, journeys)
                queries.append(
                    DailyQueryStats(
                        day=day,
                        board=board,
                        query=text,
                        journeys=journeys,
                        searches=journeys + rng.randint(0, 2),
                        zero_result_searches=rng.randint(0, 1),
                        journeys_with_results=with_results,
                        clicked_journeys=rng.randint(0, with_results),
                        tickets=rng.randint(0, journeys),
                        deflected=rng.randint(0, journeys),
                    )
                )
            for thread in rng.sample(threads, 6):
                thread_stats.append(
                    DailyThreadStats(
                        day=day,
                        board=board,
                        thread=thread,
                        opened=rng.randint(1, 3),
                        deflected=rng.randint(0, 1),
                        confirmed=rng.randint(0, 1),
                        failed=rng.randint(0, 1),
                        question_deflected=rng.randint(0, 1) * rng.randint(0, 1),
                    )
                )
    DailyBoardStats.objects.bulk_create(board_stats)
    DailyQueryStats.objects.bulk_create(queries)
    DailyThreadStats.objects.bulk_create(thread_stats)
    return threads


def standard_reports(boards) -> list[ReportFilter]:
    today = timezone.localdate()
    return [
        ReportFilter(start=today - timedelta(days=days - 1), end=today, board=board)
        for days in STANDARD_PERIODS
        for board in [None, *boards]
    ]


def everything_shown(report: ReportFilter) -> dict:
    """What the page and the API show, and every CSV download, for one report."""
    cache.clear()
    return {
        "page": deflection_report(report),
        "csv": {name: spec.rows(report) for name, spec in CSV_TABLES.items()},
    }


def snapshot() -> list:
    """Every rollup row, by period and board rather than by id."""
    periods = {
        rollup.pk: (rollup.first_day, rollup.last_day, rollup.board_id)
        for rollup in PeriodRollup.objects.all()
    }
    rows = [
        (periods[row.pop("rollup_id")], model.__name__, row)
        for model in (PeriodRollupQuery, PeriodRollupThread)
        for row in model.objects.values()
        if row.pop("id")
    ]
    return sorted([*periods.values(), *rows], key=repr)


@pytest.fixture
def boards(board, other_board):
    return [board, other_board]


@pytest.fixture
def threshold_two(settings):
    # With journeys of 0 to 2 a day, queries fall on both sides of it.
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 2


def test_rollup_backed_reports_show_what_the_daily_rows_give(
    clock, boards, threshold_two
):
    fill_aggregates([None, *boards])
    build_deflection_stats()
    reports = standard_reports(boards)
    assert all(period_rollup(report) for report in reports)

    from_rollups = [everything_shown(report) for report in reports]
    PeriodRollup.objects.all().delete()
    from_daily_rows = [everything_shown(report) for report in reports]

    assert from_rollups == from_daily_rows
    for shown in from_rollups:
        top = shown["page"]["top_queries"]
        assert len(top.rows) == TABLE_ROWS and top.other["queries"] > 0
    # Counts, not PostgreSQL's numeric sums (the API would show 12.0).
    direct = from_daily_rows[-1]["page"]["top_queries"]
    assert {type(direct.rows[0][name]) for name in ("journeys", "tickets")} == {int}


def test_each_table_matches_under_any_threshold(clock, boards, settings):
    fill_aggregates([None, *boards], seed=11)
    for threshold in (1, 3, 200):
        settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = threshold
        build_deflection_stats()
        for report in standard_reports(boards):
            rollup = period_rollup(report)
            assert rollup is not None
            assert query_tables(report, rollup=rollup) == query_tables(report)
            assert thread_tables(report, rollup=rollup) == thread_tables(report)


def test_a_standard_period_reads_its_rollup_not_the_daily_rows(
    clock, boards, threshold_two
):
    fill_aggregates(boards)
    build_deflection_stats()
    report = standard_reports(boards)[-1]

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        deflection_report(report)

    def reading(model):
        table = model._meta.db_table
        # The aggregates' version looks up the newest id of every daily table.
        return sum(table in q["sql"] and "MAX(id)" not in q["sql"] for q in queries)

    assert reading(PeriodRollupQuery) == reading(PeriodRollupThread) == 1
    assert reading(DailyQueryStats) == reading(DailyThreadStats) == 0


def test_a_run_re_ranks_the_periods_whose_days_it_rebuilt(clock, thread, settings):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    Visitor().search("nbn dropouts", thread)
    build(clock, hours=1)
    report = standard_reports([])[0]
    first = query_tables(report, rollup=period_rollup(report))["top"]
    assert first.rows[0]["journeys"] == 1

    Visitor().search("nbn dropouts", thread)
    build(clock, hours=1)

    top = query_tables(report, rollup=period_rollup(report))["top"]
    assert top.rows[0]["journeys"] == 2
    assert top == query_tables(report)["top"]


def test_running_the_build_again_keeps_the_same_rollups(clock, board, settings):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    thread = ThreadFactory(board=board)
    for query in ("nbn dropouts", "nbn dropouts", "refund"):
        visitor = Visitor()
        visitor.search(query, thread, board=board)
        visitor.click(thread)
    build(clock)
    first = snapshot()

    build_deflection_stats()
    build_deflection_stats(full=True)

    assert snapshot() == first
    assert PeriodRollup.objects.count() == len(STANDARD_PERIODS) * 2
    assert PeriodRollupThread.objects.filter(thread=thread).count() == 6


def test_rollups_follow_the_day_and_old_periods_are_dropped(clock, boards):
    fill_aggregates(boards)
    build_deflection_stats()

    clock.advance(days=1)
    build_deflection_stats()

    today = timezone.localdate()
    kept = set(PeriodRollup.objects.values_list("first_day", "last_day"))
    assert kept == current_periods(clock.now)
    assert {last for _, last in kept} == {today}


def test_before_midnight_the_next_days_periods_are_ready(clock, boards, threshold_two):
    clock.now = datetime(2026, 3, 10, 23, 55, tzinfo=SYDNEY)
    fill_aggregates(boards)
    build_deflection_stats()

    clock.advance(minutes=10)  # past midnight, before the next run
    reports = standard_reports(boards)

    assert all(period_rollup(report) for report in reports)
    for report in reports:
        assert query_tables(report, rollup=period_rollup(report)) == query_tables(
            report
        )


def test_a_new_query_threshold_is_computed_from_the_daily_rows_until_the_next_run(
    clock, boards, settings
):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 3
    fill_aggregates(boards)
    build_deflection_stats()
    report = standard_reports(boards)[-1]

    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1

    assert period_rollup(report) is None
    build_deflection_stats()
    assert PeriodRollup.objects.get(pk=period_rollup(report)).min_journeys == 1


def test_a_merged_away_thread_leaves_the_next_one_listed(clock, boards):
    threads = fill_aggregates(boards)
    build_deflection_stats()
    report = standard_reports(boards)[-1]
    listed = thread_tables(report, rollup=period_rollup(report))["deflected"]

    for row in listed[:3]:
        next(t for t in threads if t.pk == row["thread_id"]).delete()

    tables = thread_tables(report, rollup=period_rollup(report))
    assert len(tables["deflected"]) == TABLE_ROWS
    assert tables == thread_tables(report)


def test_a_custom_period_has_no_rollup(clock, boards):
    fill_aggregates(boards)
    build_deflection_stats()
    today = timezone.localdate()

    custom = ReportFilter(start=today - timedelta(days=10), end=today)

    assert period_rollup(custom) is None


def test_a_custom_period_reads_live_community_health(clock, board):
    build_deflection_stats()
    ThreadFactory(board=board, created_at=clock.now)
    today = timezone.localdate()

    custom = ReportFilter(start=today - timedelta(days=3), end=today)

    assert community_health(custom, rollup=period_rollup(custom))["new"] == 1


@pytest.fixture
def community(clock, board, other_board, expert):
    """Questions over the last weeks: answered fast and slowly (an even number, so
    the median is a mean), unanswered, solved by the expert and by the asker."""
    now = clock.now
    for n, (age, wait) in enumerate(
        [(1, 10), (2, 50), (3, 70), (5, 130), (12, 20), (20, 400), (40, 5), (80, 95)]
    ):
        created = now - timedelta(days=age, hours=1)
        thread = ThreadFactory(
            board=board if n % 3 else other_board,
            created_at=created,
            first_response_at=created + timedelta(minutes=wait, seconds=n),
        )
        reply = PostFactory(
            thread=thread, author=expert, created_at=created + timedelta(minutes=wait)
        )
        if n % 2:
            thread.solution_post = reply
            thread.accepted_at = created + timedelta(hours=9)
            thread.accepted_as = AcceptedAs.EXPERT if n % 4 == 1 else AcceptedAs.ASKER
            thread.save()
    ThreadFactory(board=board, created_at=now - timedelta(days=4))


def test_community_health_from_a_rollup_is_what_the_run_counted(
    community, boards, clock
):
    build_deflection_stats()

    for report in standard_reports(boards):
        stored = community_health(report, rollup=period_rollup(report))
        assert stored == live_community_health(report)
    ninety = standard_reports([])[-1]
    health = community_health(ninety, rollup=period_rollup(ninety))
    assert health["busiest_experts"][0].user.name == "Ethan"
    assert health["expert_solutions"] == 2
    assert health["median_first_response"] == timedelta(minutes=60, seconds=1.5)


def test_community_health_in_a_rollup_is_recounted_by_the_next_run(
    community, boards, clock
):
    build_deflection_stats()
    report = standard_reports([])[0]
    before = community_health(report, rollup=period_rollup(report))

    ThreadFactory(board=boards[0], created_at=clock.now)
    assert community_health(report, rollup=period_rollup(report)) == before

    clock.advance(minutes=10)
    build_deflection_stats()
    after = community_health(report, rollup=period_rollup(report))
    assert after["new"] == before["new"] + 1
    assert after == live_community_health(report)


@pytest.fixture
def thread(db):
    return ThreadFactory()


def test_every_current_rollup_keeps_the_community_reports_figures(
    community, boards, clock
):
    build_deflection_stats()
    first = {
        (r.first_day, r.last_day, r.board_id): r.community
        for r in PeriodRollup.objects.all()
    }

    build_deflection_stats()

    again = {
        (r.first_day, r.last_day, r.board_id): r.community
        for r in PeriodRollup.objects.all()
    }
    assert len(first) == len(STANDARD_PERIODS) * 3 and None not in first.values()
    assert again == first
    for report in standard_reports(boards):
        assert stored_figures(report) == community_figures(report)
