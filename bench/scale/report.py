"""The scale-out check's report: its figures, a PASS or MISS per target, and the
exit status. A broken invariant (a failed check across servers, a job run twice or
not at all, a half-written post, less than 99% success once an app server is
killed) fails the run; the other targets are judged and printed, as timings on a
shared machine say little about the code."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.scale.across import CheckResult
from bench.scale.jobs import JobsReport
from bench.scale.phases import SURVIVOR, VICTIM, LoadFigures

MIN_SUCCESS_SHARE = 0.99
# While the replica lags past the bound it serves (almost) nothing: what is left is
# the router's own health check and counters published late.
MAX_SHARE_WHILE_LAGGING = 0.05
# Reads come back once it catches up: at least half its earlier share.
MIN_SHARE_REGAINED = 0.5
# Round-robin: each app server takes about half until one is killed.
MIN_SHARE_PER_SERVER = 0.3


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    met: bool
    invariant: bool


@dataclass
class ScaleReport:
    across: list[CheckResult] = field(default_factory=list)
    jobs: JobsReport | None = None
    # After the load: (jobs in the queue's table, unfinished, run more than once).
    queued_jobs: tuple[int, int, int] | None = None
    load: LoadFigures | None = None


def share(successes: int, total: int) -> float:
    return successes / total if total else 0.0


def verdicts(report: ScaleReport) -> list[Verdict]:
    found = [
        Verdict(check.name, check.reason, check.passed, invariant=True)
        for check in report.across
    ]
    if report.jobs is not None:
        found += _job_verdicts(report.jobs)
    if report.queued_jobs is not None:
        total, waiting, twice = report.queued_jobs
        found.append(
            Verdict(
                "every job queued during the run ran once",
                f"{total} jobs, {waiting} unfinished, {twice} run more than once",
                waiting == 0 and twice == 0,
                invariant=True,
            )
        )
    if report.load is not None:
        found += _load_verdicts(report.load)
    return found


def _job_verdicts(jobs: JobsReport) -> list[Verdict]:
    workers = ", ".join(
        f"{name} {count}" for name, count in sorted(jobs.by_worker.items())
    )
    problems = jobs.problems()
    return [
        Verdict(
            f"each of {jobs.expected} e-mail jobs ran exactly once",
            "; ".join(problems)
            or f"{len(jobs.claims)} jobs, one claim and one e-mail each, "
            f"in {jobs.seconds:.1f} s",
            not problems,
            invariant=True,
        ),
        Verdict(
            "both workers took jobs",
            workers or "no job ran",
            len(jobs.by_worker) >= 2,
            invariant=False,
        ),
    ]


def _load_verdicts(figures: LoadFigures) -> list[Verdict]:
    stats = figures.stats
    requests, failures = figures.after_kill
    after_kill = share(requests - failures, requests)
    found = [
        Verdict(
            f"success after {VICTIM} is killed >= {MIN_SUCCESS_SHARE:.0%}",
            f"{after_kill:.2%} of {requests} requests",
            requests > 0 and after_kill >= MIN_SUCCESS_SHARE,
            invariant=True,
        ),
        Verdict(
            f"success over the whole run >= {MIN_SUCCESS_SHARE:.0%}",
            f"{stats.success_share:.2%} of {stats.requests} requests",
            stats.success_share >= MIN_SUCCESS_SHARE,
            invariant=False,
        ),
        Verdict(
            "no half-written post, every counter exact",
            "; ".join(figures.consistency) or "all consistent",
            not figures.consistency,
            invariant=True,
        ),
    ]
    before_kill = figures.served.get("kill", {})
    total = sum(before_kill.values())
    shares = {name: share(count, total) for name, count in before_kill.items()}
    found.append(
        Verdict(
            f"round robin: each app server served >= {MIN_SHARE_PER_SERVER:.0%} "
            "before the kill",
            ", ".join(f"{name} {value:.0%}" for name, value in shares.items()),
            bool(shares) and min(shares.values()) >= MIN_SHARE_PER_SERVER,
            invariant=False,
        )
    )
    return found + _lag_verdicts(figures)


def _lag_verdicts(figures: LoadFigures) -> list[Verdict]:
    requests, failures = figures.while_lagging
    found = [
        Verdict(
            "no request fails while the replica lags",
            f"{failures} failed of {requests}",
            requests > 0 and failures == 0,
            invariant=True,
        )
    ]
    shares = {item.phase: item.rows_read for item in figures.shares}
    in_step, lagging, regained = (
        shares.get("in step"),
        shares.get("replay paused"),
        shares.get("replay resumed"),
    )
    if in_step is None or lagging is None or regained is None:
        return [*found, Verdict("lag fallback", "not measured", False, invariant=True)]
    return [
        *found,
        Verdict(
            "reads move to the primary while the replica lags "
            f"(replica share <= {MAX_SHARE_WHILE_LAGGING:.0%})",
            f"replica share {lagging:.1%} (in step: {in_step:.1%})",
            lagging <= MAX_SHARE_WHILE_LAGGING,
            invariant=True,
        ),
        Verdict(
            "reads come back to the replica once it catches up",
            f"replica share {regained:.1%}",
            regained >= MIN_SHARE_REGAINED * in_step,
            invariant=False,
        ),
    ]


def broken_invariants(report: ScaleReport) -> list[Verdict]:
    return [
        verdict for verdict in verdicts(report) if verdict.invariant and not verdict.met
    ]


def exit_status(report: ScaleReport) -> int:
    return 1 if broken_invariants(report) else 0


def print_report(report: ScaleReport) -> None:
    if report.load is not None:
        _print_load(report.load)
    print("\nTargets (* an invariant: a MISS fails the run)")
    for verdict in verdicts(report):
        label = "PASS" if verdict.met else "MISS"
        star = "*" if verdict.invariant else " "
        print(f"  {label}{star} {verdict.target}: {verdict.measured}")
    broken = broken_invariants(report)
    print(
        "\nRESULT: PASS, every invariant held"
        if not broken
        else f"\nRESULT: FAIL, {len(broken)} invariant(s) broken"
    )


def _print_load(figures: LoadFigures) -> None:
    stats = figures.stats
    print(
        f"\nLoad through HAProxy: offered {figures.rate} req/s for "
        f"{figures.duration} s; served {stats.requests} "
        f"({stats.requests_per_second:.1f} req/s), {stats.failures} failed; "
        f"p95 {stats.p95_ms:.0f} ms, p99 {stats.p99_ms:.0f} ms"
    )
    for kind, count in stats.failure_kinds.items():
        print(f"  {count} x {kind}")
    end, kill = figures.served.get("end", {}), figures.served.get("kill", {})
    print("requests served per app server (HAProxy): " + ", ".join(
        f"{name} {count} ({kill.get(name, 0)} before the kill)"
        for name, count in end.items()
    ))  # fmt: skip
    if {"start", "kill", "end"} <= set(figures.served):
        both = figures.per_worker_rate("start", "kill", list(kill))
        alone = figures.per_worker_rate("kill", "end", [SURVIVOR])
        print(
            f"per gunicorn worker: {both:.1f} req/s with both servers, "
            f"{alone:.1f} req/s on {SURVIVOR} alone"
        )
    print(f"HAProxy: {figures.retries} retries, {figures.redispatches} redispatched")
    print("replica share of the database work (rows read / transactions):")
    for item in figures.shares:
        print(
            f"  {item.phase:<16} {item.seconds:5.1f} s  "
            f"{_percent(item.rows_read)} / {_percent(item.transactions)}"
        )
    for server, (median, highest) in figures.connections.items():
        print(f"connections on the {server}: median {median}, highest {highest}")
    if figures.memory_per_worker:
        mebibytes = figures.memory_per_worker / 2**20
        print(f"memory per gunicorn worker (RSS, {SURVIVOR}): {mebibytes:.0f} MiB")


def _percent(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.1%}"
