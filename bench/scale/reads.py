"""Where the database work went, by each server's own counters: ``pg_stat_database``
on the primary and on the replica (transactions, rows read), sampled at the phase
boundaries of the load, and ``pg_stat_activity`` for the connections each holds.

Under Django's autocommit every query outside ``atomic`` is a transaction of its
own, so transactions count queries closely enough; rows read are what the reads
cost. PostgreSQL publishes a backend's counters when it goes idle, at most once a
second, so a boundary is blurred by about a second.
"""

from __future__ import annotations

import statistics
import threading
from dataclasses import dataclass

import psycopg

from bench.scale.cluster import DATABASE, LocalReplication

COUNTERS_SQL = """
SELECT xact_commit + xact_rollback, tup_returned + tup_fetched
FROM pg_stat_database WHERE datname = %s
"""
CONNECTIONS_SQL = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


@dataclass(frozen=True)
class ServerCounters:
    transactions: int
    rows_read: int


@dataclass(frozen=True)
class ReadSample:
    label: str
    at: float  # seconds since the load started
    primary: ServerCounters
    replica: ServerCounters


@dataclass(frozen=True)
class ReplicaShare:
    phase: str
    seconds: float
    transactions: float | None  # the replica's share; None when nothing ran
    rows_read: float | None


def replica_share(phase: str, start: ReadSample, end: ReadSample) -> ReplicaShare:
    """The replica's share of what both servers did between two samples."""

    def share(primary: int, replica: int) -> float | None:
        total = primary + replica
        return replica / total if total > 0 else None

    return ReplicaShare(
        phase=phase,
        seconds=end.at - start.at,
        transactions=share(
            end.primary.transactions - start.primary.transactions,
            end.replica.transactions - start.replica.transactions,
        ),
        rows_read=share(
            end.primary.rows_read - start.primary.rows_read,
            end.replica.rows_read - start.replica.rows_read,
        ),
    )


def sample(cluster: LocalReplication, label: str, at: float) -> ReadSample:
    return ReadSample(
        label=label,
        at=at,
        primary=_counters(cluster, cluster.primary_port),
        replica=_counters(cluster, cluster.replica_port),
    )


def _counters(cluster: LocalReplication, port: int) -> ServerCounters:
    with cluster.connect(port, DATABASE) as connection:
        transactions, rows = connection.execute(COUNTERS_SQL, [DATABASE]).fetchone()
    return ServerCounters(transactions=int(transactions), rows_read=int(rows))


class ConnectionSampler(threading.Thread):
    """Counts the app's connections on each server every few seconds."""

    def __init__(self, cluster: LocalReplication, *, every: float = 2.0):
        super().__init__(daemon=True)
        self.cluster, self.every = cluster, every
        self.primary: list[int] = []
        self.replica: list[int] = []
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(self.every):
            for port, counts in (
                (self.cluster.primary_port, self.primary),
                (self.cluster.replica_port, self.replica),
            ):
                try:
                    with self.cluster.connect(port, DATABASE) as connection:
                        row = connection.execute(CONNECTIONS_SQL, [DATABASE]).fetchone()
                    counts.append(int(row[0]))
                except psycopg.Error:
                    continue  # a missed sample is only a gap

    def stop(self) -> None:
        self.finished.set()
        self.join()

    def summary(self) -> dict[str, tuple[int, int]]:
        """Per server: (median, highest) connections while sampled."""
        return {
            name: (int(statistics.median(counts)), max(counts))
            for name, counts in (("primary", self.primary), ("replica", self.replica))
            if counts
        }
