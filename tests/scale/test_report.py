"""The scale-out check's verdicts and exit status, from made-up figures: a broken
invariant fails the run, a missed target is printed and does not."""

from dataclasses import replace

import pytest

from bench.load import LocustStats
from bench.scale import report
from bench.scale.across import CheckResult
from bench.scale.jobs import JobsReport
from bench.scale.phases import LoadFigures
from bench.scale.reads import ReplicaShare

WORKERS = ["scale-worker-1", "scale-worker-2"]


def load_figures(**changes) -> LoadFigures:
    figures = LoadFigures(
        stats=LocustStats(
            requests=2700, failures=1, p95_ms=800, p99_ms=1100, seconds=90
        ),
        duration=90,
        rate=30,
        while_lagging=(450, 0),
        after_kill=(900, 1),
        served={
            "start": {"app1": 0, "app2": 0},
            "kill": {"app1": 900, "app2": 895},
            "end": {"app1": 1800, "app2": 896},
        },
        moments={"start": 0.0, "kill": 60.0, "end": 90.0},
        shares=[
            ReplicaShare("in step", 30, transactions=0.64, rows_read=0.95),
            ReplicaShare("replay paused", 10, transactions=0.005, rows_read=0.001),
            ReplicaShare("replay resumed", 15, transactions=0.58, rows_read=0.94),
            ReplicaShare("app2 killed", 30, transactions=0.63, rows_read=0.95),
        ],
        connections={"primary": (13, 21), "replica": (4, 4)},
        memory_per_worker=254 * 2**20,
    )
    return replace(figures, **changes)


def jobs_run_once(**changes) -> JobsReport:
    jobs = JobsReport(
        expected=4,
        claims=[[WORKERS[number % 2]] for number in range(4)],
        emails_per_follower={f"follower-{n}@example.com": 1 for n in range(4)},
        seconds=1.2,
    )
    return replace(jobs, **changes)


def passing_report(**changes) -> report.ScaleReport:
    outcome = report.ScaleReport(
        across=[CheckResult("sessions", True, "app2 knew the member")],
        jobs=jobs_run_once(),
        queued_jobs=(53, 0, 0),
        load=load_figures(),
    )
    return replace(outcome, **changes)


def missed(outcome: report.ScaleReport) -> list[report.Verdict]:
    return [verdict for verdict in report.verdicts(outcome) if not verdict.met]


def test_a_run_that_holds_everything_passes_with_status_zero():
    outcome = passing_report()

    assert missed(outcome) == []
    assert report.exit_status(outcome) == 0


@pytest.mark.parametrize(
    "broken",
    [
        {"across": [CheckResult("uploads", False, "app2 answered 404")]},
        {"load": load_figures(after_kill=(900, 10))},
        {"load": load_figures(consistency=["1 threads whose reply count is off"])},
        {"load": load_figures(while_lagging=(450, 1))},
        {"jobs": jobs_run_once(claims=[WORKERS, WORKERS[::-1]] * 2)},
        {"jobs": jobs_run_once(emails_per_follower={"follower-0@example.com": 1})},
        {"queued_jobs": (53, 2, 0)},
    ],
    ids=[
        "a check across servers failed",
        "98.9% success after the kill",
        "a half-written post",
        "a request failed while the replica lagged",
        "jobs run twice",
        "e-mails missing",
        "jobs left in the queue",
    ],
)
def test_a_broken_invariant_fails_the_run(broken):
    outcome = passing_report(**broken)

    assert [verdict.invariant for verdict in missed(outcome)] == [True]
    assert report.exit_status(outcome) == 1


def test_reads_left_on_a_lagging_replica_break_the_lag_fallback():
    shares = load_figures().shares
    shares[1] = ReplicaShare("replay paused", 10, transactions=0.4, rows_read=0.6)

    outcome = passing_report(load=load_figures(shares=shares))

    assert [verdict.target for verdict in missed(outcome)] == [
        "reads move to the primary while the replica lags (replica share <= 5%)"
    ]
    assert report.exit_status(outcome) == 1


@pytest.mark.parametrize(
    "missed_target",
    [
        {"jobs": jobs_run_once(claims=[["scale-worker-1"]] * 4)},
        {"load": load_figures(stats=LocustStats(2700, 40, 800, 1100, 90))},
        {
            "load": load_figures(
                served={
                    "start": {"app1": 0, "app2": 0},
                    "kill": {"app1": 1600, "app2": 195},
                    "end": {"app1": 2500, "app2": 196},
                }
            )
        },
    ],
    ids=["one worker took every job", "98.5% success overall", "no round robin"],
)
def test_a_missed_target_is_reported_without_failing_the_run(missed_target):
    outcome = passing_report(**missed_target)

    assert [verdict.invariant for verdict in missed(outcome)] == [False]
    assert report.exit_status(outcome) == 0


def test_the_report_prints_each_verdict_and_the_result(capsys):
    outcome = passing_report(
        across=[CheckResult("the cache", False, "app1 served its cached page")]
    )

    report.print_report(outcome)

    printed = capsys.readouterr().out
    assert "MISS* the cache: app1 served its cached page" in printed
    assert "per gunicorn worker: 7.5 req/s with both servers" in printed
    assert printed.rstrip().endswith("RESULT: FAIL, 1 invariant(s) broken")
