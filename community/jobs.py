"""One run of a scheduled job at a time, across every process and host.

The schedule (deploy/crontab) may fire a job while its previous run is still going,
or two schedulers may run by mistake. Every scheduled job therefore runs inside
``run_once_at_a_time(name)``: the first run holds the lock, a second one at the same
time skips with a log line, and the next tick runs as usual.

On PostgreSQL the lock is a session-level advisory lock: it is not tied to any row
or transaction (the jobs commit as they go), and the server frees it when the
holding process dies, so a crashed run never blocks the next. It needs a real
database session: behind PgBouncer, use session pooling for the processes that run
jobs. SQLite serves one host, where its single writer already serialises the jobs'
writes; there, runs within one process are kept apart by a process lock.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from community.replicas import state as replicas

logger = logging.getLogger(__name__)

# Keeps these locks apart from any other application's advisory locks on the server.
LOCK_NAMESPACE = "crowd-support.jobs:"

_process_locks: dict[str, threading.RLock] = {}
_process_locks_guard = threading.Lock()


@contextmanager
def run_once_at_a_time(name: str, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Hold the job lock ``name`` for the block; yields False (and logs it) when
    another run holds it, and the block should then do nothing."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        acquire, release = _advisory_lock(connection, name)
    else:
        acquire, release = _process_lock(name)
    if not acquire():
        logger.warning("%s skipped: another run of it is still in progress", name)
        yield False
        return
    try:
        # A job reads the primary, even when started inside a request: aggregates
        # are never built from a replica's older copy.
        with replicas.request_scope(replica_reads=False):
            yield True
    finally:
        release()


def lock_key(name: str) -> int:
    """The advisory lock's number for a job: a stable signed 64-bit digest."""
    digest = hashlib.blake2b(f"{LOCK_NAMESPACE}{name}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _advisory_lock(connection, name: str):
    key = lock_key(name)

    def acquire() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            return cursor.fetchone()[0]

    def release() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except DatabaseError:
            # The session is unusable (the job failed with the database): ending
            # it is what frees the lock, in a long-lived worker too.
            logger.warning("Could not release the lock of %s; closing", name)
            connection.close()

    return acquire, release


def _process_lock(name: str):
    with _process_locks_guard:
        lock = _process_locks.setdefault(name, threading.RLock())
    return (lambda: lock.acquire(blocking=False)), lock.release


class ScheduledJobCommand(BaseCommand):
    """A command the schedule runs (deploy/crontab): its ``work()`` runs inside
    ``run_once_at_a_time(job)``, and a run that finds another going does nothing."""

    job = ""

    def handle(self, *args, **options):
        with run_once_at_a_time(self.job) as running:
            if not running:
                return  # the lock logged why
            outcome = self.work(**options)
        self.stdout.write(outcome)

    def work(self, **options) -> str:
        """Do the job; returns the line to print."""
        raise NotImplementedError
