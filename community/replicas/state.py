"""What the current request may read from where.

A request's scope (opened by the middleware, one per GET or HEAD that may use a
replica) lives in a context variable, so threads and ASGI tasks never share one.
Outside a scope (jobs, commands, WebSockets, writes) every read is the primary's.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class ReadScope:
    replica_reads: bool
    # The replica chosen at the first read: one per request, so a page never mixes
    # two replicas' different moments.
    replica: str | None = None
    # A write the visitor will expect to read back: the rest of the request reads
    # the primary, and so do their next requests (the middleware's pin).
    wrote: bool = False
    pins: bool = False
    # Inside ``bookkeeping()``: writes that change neither.
    bookkeeping: int = 0
    failed_replica: str | None = None
    wrote_before_failure: bool = False


_scope: contextvars.ContextVar[ReadScope | None] = contextvars.ContextVar(
    "replica_read_scope", default=None
)


def current() -> ReadScope | None:
    return _scope.get()


@contextmanager
def request_scope(*, replica_reads: bool) -> Iterator[ReadScope]:
    scope = ReadScope(replica_reads=replica_reads)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def note_write() -> None:
    """Every later read of this request goes to the primary, which has the write."""
    scope = _scope.get()
    if scope is None or scope.bookkeeping:
        return
    scope.wrote = True
    scope.pins = True


def note_replica_failure(alias: str) -> None:
    scope = _scope.get()
    if scope is None or scope.failed_replica:
        return
    scope.failed_replica = alias
    scope.wrote_before_failure = scope.wrote


def retry_pending() -> bool:
    """Whether the current request met a replica failure it will be run again for
    (so the 503 it produced now is not an outage worth an error)."""
    scope = _scope.get()
    return bool(
        scope
        and scope.failed_replica
        and scope.replica_reads
        and not scope.wrote_before_failure
    )


def staleness_window() -> float:
    """How long after a write a replica this request read may still lack it: the
    lag allowed, plus the time until a lagging replica's next check (and a second
    of slack); 0 when the request read only the primary."""
    scope = _scope.get()
    if scope is None or scope.replica in (None, "default"):
        return 0.0
    from django.conf import settings

    return settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_CHECK_SECONDS + 1.0


def read_from_primary_from_now_on() -> None:
    scope = _scope.get()
    if scope is not None:
        scope.replica_reads = False


@contextmanager
def bookkeeping() -> Iterator[None]:
    """Writes the visitor never reads back (a counted view, a journey event, both
    written in batches): they neither move the request's later reads to the
    primary nor pin the visitor there. A request retried after a replica failure
    may count such a write twice, which these counts tolerate."""
    scope = _scope.get()
    if scope is not None:
        scope.bookkeeping += 1
    try:
        yield
    finally:
        if scope is not None:
            scope.bookkeeping -= 1
