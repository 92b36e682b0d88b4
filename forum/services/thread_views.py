"""Counting thread views: gathered in each process and written together.

One UPDATE per page view made every reader of a busy thread wait for the last
reader's commit on the same row: after an outage, thousands read the same few
threads. Each process instead adds views up in memory and writes them, one
statement for all threads, once THREAD_VIEW_FLUSH_SECONDS have passed since its
last write (on the request that notices, and at exit). A count lags by at most
that long; a process killed outright loses its unwritten views, never anything
else. With 0 every view is written at once.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, F, Value, When

from community.observability import count_dropped
from community.replicas import state as replicas
from forum.models import Thread

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_flush = time.monotonic()


def record_thread_view(thread_id: int) -> None:
    """Count one view of the thread (written now or with the next batch)."""
    with _lock:
        _pending[thread_id] += 1
        due = time.monotonic() - _last_flush >= settings.THREAD_VIEW_FLUSH_SECONDS
    if due:
        flush_thread_views()


def flush_thread_views() -> int:
    """Write the views counted so far in one UPDATE; returns how many threads it
    touched. Views a failed write could not store are kept for the next one."""
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not counts:
        return 0
    try:
        _add_views(counts)
    except DatabaseError:
        logger.warning("Could not write thread views; keeping them", exc_info=True)
        with _lock:
            _pending.update(counts)
        return 0
    return len(counts)


def pending_thread_views() -> dict[int, int]:
    """Views counted and not yet written, by thread id."""
    with _lock:
        return dict(_pending)


def _add_views(counts: dict[int, int]) -> None:
    if len(counts) == 1:
        added = Value(next(iter(counts.values())))
    else:
        added = Case(*(When(pk=pk, then=Value(n)) for pk, n in counts.items()))
    # view_count alone: cached pages stay (forum.caching.UNSHOWN_THREAD_FIELDS).
    with replicas.bookkeeping():
        Thread.objects.filter(pk__in=counts).update(view_count=F("view_count") + added)


def _flush_at_exit() -> None:
    """The last write of an exiting process: what it cannot write is lost."""
    flush_thread_views()
    with _lock:
        lost = sum(_pending.values())
        _pending.clear()
    if lost:
        logger.warning("Dropped %s unwritten thread views at exit", lost)
        count_dropped("thread_views", lost)


atexit.register(_flush_at_exit)
