"""Worker kill under load: the load test's scenario and deployment, with one gunicorn
worker killed (SIGKILL) every 10 seconds; the arbiter starts a new one.

    python -m bench.worker_kill               # 60 seconds, 6 kills (release run)
    python -m bench.worker_kill --small       # 25 seconds, 2 kills (CI)

A request in flight on a killed worker fails (the connection is reset) and is
counted as a failure: the client never retries. Exits 1 unless at least 99% of
requests succeeded, every kill happened, and the database holds no half-written
post: every confirmed reply is stored exactly once and every stored counter matches
the rows it counts.
"""

import os
import secrets
import signal
import sys
import threading
from dataclasses import dataclass

from bench import load

MIN_SUCCESS_SHARE = 0.99
KILL_EVERY_SECONDS = 10


@dataclass
class WorkerKillReport:
    stats: load.LocustStats
    rate: int
    kills: int
    expected_kills: int
    consistency: list[str]

    def broken_invariants(self) -> list[str]:
        """What must hold on any machine: every kill happened and no post is
        half-written (a killed worker's requests fail by design; CI asserts this)."""
        broken = list(self.consistency)
        if self.kills < self.expected_kills:
            broken.append(f"{self.kills} workers killed of {self.expected_kills}")
        return broken

    def missed_targets(self) -> list[str]:
        """The invariants and the success-share target (the release report)."""
        missed = self.broken_invariants()
        if self.stats.success_share < MIN_SUCCESS_SHARE:
            missed.append(
                f"{self.stats.success_share:.2%} of requests succeeded "
                f"(target >= {MIN_SUCCESS_SHARE:.0%})"
            )
        return missed


class WorkerKiller(threading.Thread):
    """Kills one of the server's workers, chosen at random, every ``every`` seconds."""

    def __init__(self, server, *, every: float):
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.killed: list[int] = []
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(self.every):
            workers = load.worker_pids(self.server)
            if not workers:
                continue
            victim = secrets.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                continue
            self.killed.append(victim)

    def stop(self) -> None:
        self.finished.set()
        self.join()


def run_worker_kill(args) -> WorkerKillReport:
    duration = args.duration or (25 if args.small else 60)
    with load.deployment(args) as running:
        killer = WorkerKiller(running.server, every=KILL_EVERY_SECONDS)
        killer.start()
        try:
            stats, replies = load.run_locust(
                args, running, duration=duration, rate=args.rate
            )
        finally:
            killer.stop()
        consistency = load.consistency_problems(running.env["DATABASE_URL"], replies)
    return WorkerKillReport(
        stats=stats,
        rate=args.rate,
        kills=len(killer.killed),
        expected_kills=(duration - 1) // KILL_EVERY_SECONDS,
        consistency=consistency,
    )


def main(argv=None) -> int:
    args = load.parse_arguments(argv, description=__doc__, port=8767)
    report = run_worker_kill(args)
    load.print_figures(report.stats, report.rate)
    print(f"workers killed: {report.kills}")
    missed = report.missed_targets()
    print("PASS: all targets met" if not missed else "MISS: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
