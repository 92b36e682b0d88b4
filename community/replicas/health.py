"""Whether a replica may serve reads, as the replica itself reports it.

A replica serves while it is in recovery (a replica, not a promoted or mistaken
primary), its WAL receiver is streaming, and what it has replayed is no more than
``REPLICA_MAX_LAG_SECONDS`` behind what it has received. Each process asks each
replica at most every ``REPLICA_CHECK_SECONDS``; between checks the answer is
kept. A failed connection or query marks the replica down until the next check,
so one outage costs one retried request per process, not one per request.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

# Lag is 0 when everything received has been replayed: an idle primary writes
# nothing, and the last replayed transaction's age would then grow without any lag.
STATUS_SQL = """
SELECT
    pg_is_in_recovery(),
    EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),
    CASE
        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
        THEN 0
        ELSE COALESCE(
            EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0
        )
    END
"""


@dataclass(frozen=True)
class ReplicaStatus:
    usable: bool
    reason: str
    lag_seconds: float | None
    checked_at: float


_statuses: dict[str, ReplicaStatus] = {}
_checking = threading.local()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", {}))


def is_usable(alias: str) -> bool:
    status = _statuses.get(alias)
    if status is None or time.monotonic() - status.checked_at >= _interval():
        status = check(alias)
    return status.usable


def check(alias: str) -> ReplicaStatus:
    """Ask the replica now; keep and return the answer."""
    _checking.active = True
    try:
        status = _ask(alias)
    finally:
        _checking.active = False
    previous = _statuses.get(alias)
    _statuses[alias] = status
    if not status.usable and (previous is None or previous.usable):
        log = logger.error if "primary" in status.reason else logger.warning
        log("Replica %s is not used: %s Reads go to the primary.", alias, status.reason)
    elif status.usable and previous is not None and not previous.usable:
        logger.info("Replica %s serves reads again.", alias)
    return status


def mark_down(alias: str, reason: str) -> None:
    """A connection or query failed: skip the replica until the next check."""
    if getattr(_checking, "active", False):
        return
    previous = _statuses.get(alias)
    _statuses[alias] = ReplicaStatus(False, reason, None, time.monotonic())
    if previous is None or previous.usable:
        logger.warning(
            "Replica %s failed (%s); reads go to the primary.", alias, reason
        )


def is_checking() -> bool:
    return getattr(_checking, "active", False)


def forget() -> None:
    """Drop every kept answer (tests, and after settings change)."""
    _statuses.clear()


def _ask(alias: str) -> ReplicaStatus:
    now = time.monotonic()
    connection = connections[alias]
    # A connection broken by an earlier failure is dropped, not asked.
    connection.close_if_unusable_or_obsolete()
    try:
        with connection.cursor() as cursor:
            cursor.execute(STATUS_SQL)
            in_recovery, streaming, lag = cursor.fetchone()
    except DatabaseError as error:
        connection.close()
        return ReplicaStatus(
            False, f"cannot be reached ({_first_line(error)}).", None, now
        )
    lag = float(lag)
    if not in_recovery:
        return ReplicaStatus(
            False, "is a primary (not in recovery), not a replica.", lag, now
        )
    if not streaming:
        return ReplicaStatus(
            False, "is not streaming from the primary (no WAL receiver).", lag, now
        )
    bound = settings.REPLICA_MAX_LAG_SECONDS
    if lag > bound:
        return ReplicaStatus(
            False,
            f"lags {lag:.1f} s behind, more than the {bound:g} s allowed.",
            lag,
            now,
        )
    return ReplicaStatus(True, "", lag, now)


def _interval() -> float:
    return settings.REPLICA_CHECK_SECONDS


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
