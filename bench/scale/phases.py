"""The load scenario (bench/locustfile.py) through HAProxy, in four phases:

1. in step: both app servers, the replica serving GET requests' reads;
2. at a third of the run the replica's replay is paused for ``PAUSE_SECONDS``: it
   falls behind, the router's check sees the lag past ``REPLICA_MAX_LAG_SECONDS``
   and reads move to the primary (measured from ``FALLBACK_SECONDS`` after the
   pause: the bound and one check interval);
3. replay resumed: the replica catches up and takes the reads back;
4. at two thirds one app server is SIGKILLed with everything it started; HAProxy
   retries what it can on the other and stops sending it any.

At each boundary both servers' counters and HAProxy's figures are sampled.
"""

from __future__ import annotations

import csv
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import load
from bench.scale import balancer, reads
from bench.scale.cluster import LocalReplication
from bench.scale.servers import Site

PAUSE_SECONDS = 15
FALLBACK_SECONDS = 5
VICTIM = "app2"
SURVIVOR = "app1"
WORKERS_PER_SERVER = 2  # bench.run.start_gunicorn's
PHASES = (
    ("in step", "start", "pause"),
    ("replay paused", "fallback", "resume"),
    ("replay resumed", "resume", "kill"),
    (f"{VICTIM} killed", "kill", "end"),
)


@dataclass
class LoadFigures:
    stats: load.LocustStats
    duration: int
    rate: int
    # (requests, failures) from locust's running totals, between two moments.
    while_lagging: tuple[int, int]
    after_kill: tuple[int, int]
    # Requests per app server (HAProxy) at each boundary, and when it was taken.
    served: dict[str, dict[str, int]]
    moments: dict[str, float]
    shares: list[reads.ReplicaShare]
    connections: dict[str, tuple[int, int]]
    memory_per_worker: int | None  # bytes, the surviving server's median
    consistency: list[str] = field(default_factory=list)
    retries: int = 0
    redispatches: int = 0

    def per_worker_rate(self, start: str, end: str, servers: list[str]) -> float:
        """Requests a second each gunicorn worker of ``servers`` served."""
        seconds = self.moments[end] - self.moments[start]
        served = sum(
            self.served[end][name] - self.served[start][name] for name in servers
        )
        return (
            served / seconds / (WORKERS_PER_SERVER * len(servers)) if seconds else 0.0
        )


class PhaseDriver(threading.Thread):
    """Pauses and resumes the replica's replay and kills the app server on time,
    sampling the counters at every boundary."""

    def __init__(self, *, duration: int, cluster: LocalReplication, site: Site):
        super().__init__(daemon=True)
        self.cluster, self.site = cluster, site
        pause = duration / 3
        self.schedule = [
            ("start", 0.0, None),
            ("pause", pause, cluster.pause_replay),
            ("fallback", pause + FALLBACK_SECONDS, None),
            ("resume", pause + PAUSE_SECONDS, cluster.resume_replay),
            ("kill", 2 * duration / 3, lambda: site.kill(VICTIM)),
        ]
        self.started = time.monotonic()
        self.samples: dict[str, reads.ReadSample] = {}
        self.served: dict[str, dict[str, int]] = {}
        self.wall_clock: dict[str, float] = {}  # as locust's history writes it
        self.finished = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for label, at, action in self.schedule:
                if self.finished.wait(max(0.0, self.started + at - time.monotonic())):
                    return
                self.mark(label)
                if action is not None:
                    action()
        except BaseException as error:  # reported by the caller, which re-raises it
            self.error = error

    def mark(self, label: str) -> None:
        self.wall_clock[label] = time.time()
        at = time.monotonic() - self.started
        self.samples[label] = reads.sample(self.cluster, label, at)
        self.served[label] = served_per_server(self.site)

    def stop(self) -> None:
        self.finished.set()
        self.join()
        self.cluster.resume_replay()  # whatever happened, the replica catches up

    def shares(self) -> list[reads.ReplicaShare]:
        return [
            reads.replica_share(phase, self.samples[start], self.samples[end])
            for phase, start, end in PHASES
            if start in self.samples and end in self.samples
        ]


def served_per_server(site: Site) -> dict[str, int]:
    stats = balancer.read_stats(site.stats_socket)
    return {name: stats[f"app/{name}"].requests for name in balancer.APP_SERVERS}


def run_phases(
    load_args, site: Site, cluster: LocalReplication, deployment: load.Deployment
) -> LoadFigures:
    """Drive the load for ``load_args.duration`` seconds through the balancer."""
    duration, rate = load_args.duration, load_args.rate
    memory = load.MemorySampler(site.processes[SURVIVOR])
    connections = reads.ConnectionSampler(cluster)
    driver = PhaseDriver(duration=duration, cluster=cluster, site=site)
    for thread in (memory, connections, driver):
        thread.start()
    try:
        stats, replies = load.run_locust(
            load_args, deployment, duration=duration, rate=rate
        )
        driver.mark("end")
    finally:
        driver.stop()
        memory.stop()
        connections.stop()
    if driver.error is not None:
        raise driver.error
    ends = balancer.read_stats(site.stats_socket)
    history = read_history(deployment.work_dir / "locust_stats_history.csv")
    wall = driver.wall_clock
    median_rss = memory.after_warm_up(duration / 6)
    return LoadFigures(
        stats=stats,
        duration=duration,
        rate=rate,
        while_lagging=between(history, wall.get("pause"), wall.get("resume")),
        after_kill=between(history, wall.get("kill"), None),
        served=driver.served,
        moments={label: sample.at for label, sample in driver.samples.items()},
        shares=driver.shares(),
        connections=connections.summary(),
        memory_per_worker=median_rss // WORKERS_PER_SERVER if median_rss else None,
        consistency=load.consistency_problems(deployment.env["DATABASE_URL"], replies),
        retries=sum(ends[f"app/{name}"].retries for name in balancer.APP_SERVERS),
        redispatches=sum(
            ends[f"app/{name}"].redispatches for name in balancer.APP_SERVERS
        ),
    )


def read_history(path: Path) -> list[tuple[float, int, int]]:
    """locust's running totals, one row a second: (time, requests, failures)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as history:
        return [
            (
                float(row["Timestamp"]),
                int(row["Total Request Count"]),
                int(row["Total Failure Count"]),
            )
            for row in csv.DictReader(history)
            if row["Name"] == "Aggregated"
        ]


def between(
    history: list[tuple[float, int, int]], start: float | None, end: float | None
) -> tuple[int, int]:
    """Requests and failures from ``start`` to ``end`` (the run's end when None):
    the totals last written at or before each moment, subtracted."""
    if not history or start is None:
        return 0, 0

    def totals_at(moment: float | None) -> tuple[int, int]:
        written = [row for row in history if moment is None or row[0] <= moment]
        return written[-1][1:] if written else (0, 0)

    requests_then, failures_then = totals_at(start)
    requests, failures = totals_at(end)
    return requests - requests_then, failures - failures_then
