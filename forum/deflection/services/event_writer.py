"""Writing journey events: gathered in each process, written together off the
request path.

An INSERT per search cost the searcher a database round trip (about 0.6 ms on a
15 ms search: more than the 5% logging may add). Each process instead keeps the
events it records in memory and a background thread writes them, one statement
for all of them, every DEFLECTION_EVENT_FLUSH_SECONDS. The price, written down
in docs/performance.md: an event reaches the table up to that long after it
happened (the aggregation job rescans ten minutes back, so it misses nothing),
and a process killed outright loses its unwritten events. Readers that must see
a visitor's latest events (ticket reports, data export, account deletion, the
stats build) write their own process's first. With 0 every event is written at
once, in the request (the tests' setting).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction

from accounts.models import User
from community.observability import count_dropped
from community.replicas import state as replicas
from forum.deflection.models import EventKind, JourneyEvent
from forum.knowledge.models import Article
from forum.models import Board, Thread

logger = logging.getLogger(__name__)

# Past this many unwritten events (the database is down, say) the oldest are
# dropped: memory stays bounded and the forum keeps serving.
MAX_PENDING = 20_000
ROWS_PER_STATEMENT = 1_000

_lock = threading.Lock()
_pending: list[JourneyEvent] = []
_writer_pid: int | None = None
_write_now = threading.Event()


def flush_interval() -> float:
    return float(getattr(settings, "DEFLECTION_EVENT_FLUSH_SECONDS", 2))


def add_event(event: JourneyEvent) -> None:
    """Store the event: now, or with the process's next batch."""
    if flush_interval() <= 0:
        _write([event], deferred=False)
        return
    dropped = 0
    with _lock:
        _pending.append(event)
        if len(_pending) > MAX_PENDING:
            dropped = len(_pending) - MAX_PENDING
            del _pending[:dropped]
        if len(_pending) >= ROWS_PER_STATEMENT:
            _write_now.set()  # a full batch: no need to wait for the interval
    if dropped:
        # Outside the lock: counting touches the cache, which may be slow or down,
        # and every request recording an event waits on this lock.
        logger.warning("Dropped %s unwritten journey events", dropped)
        count_dropped("journey_events", dropped)
    _ensure_writer()


def amend_search(journey_id: str, searched_at: datetime, **fields) -> None:
    """Rewrite a journey's search (known by its time) as the visitor types on: in
    memory while it waits for its batch, else in the table. A burst whose search
    waits in another process's batch keeps that search's earlier text."""
    with _lock:
        for event in reversed(_pending):
            if event.journey_id == journey_id and event.created_at == searched_at:
                for name, value in fields.items():
                    setattr(event, name, value)
                return
    JourneyEvent.objects.filter(
        journey_id=journey_id, created_at=searched_at, kind=EventKind.SEARCH
    ).update(**fields)


def flush_pending_events() -> int:
    """Write this process's unwritten events now; returns how many it took (those
    naming deleted rows are dropped). Events a failed write could not store are
    kept for the next one."""
    with _lock:
        events = list(_pending)
        _pending.clear()
    if not events:
        return 0
    try:
        _write(events, deferred=True)
    except DatabaseError:
        logger.warning("Could not write journey events; keeping them", exc_info=True)
        with _lock:
            _pending[:0] = events
        return 0
    return len(events)


def pending_event_count() -> int:
    with _lock:
        return len(_pending)


# --- internals ----------------------------------------------------------------


def _ensure_writer() -> None:
    """Start this process's writer thread (after a fork, a new one)."""
    global _writer_pid
    if _writer_pid == os.getpid():
        return
    with _lock:
        if _writer_pid == os.getpid():
            return
        _writer_pid = os.getpid()
    threading.Thread(
        target=_write_periodically, name="journey-event-writer", daemon=True
    ).start()


def _write_periodically() -> None:
    global _writer_pid
    last_write = time.monotonic()
    while (interval := flush_interval()) > 0:
        # Short naps, so that a changed interval takes effect within a second.
        woken = _write_now.wait(min(interval, 1.0))
        if not woken and time.monotonic() - last_write < interval:
            continue
        _write_now.clear()
        last_write = time.monotonic()
        try:
            flush_pending_events()
        except Exception:
            # Not the database's failure (those keep their events): log it and
            # go on, since a dead writer would leave every later event unwritten.
            logger.exception("The journey event writer failed on a batch")
        finally:
            # The thread's own connection: closed so that no idle connection is
            # held between batches, and a broken one is not reused.
            connection.close()
    with _lock:
        _writer_pid = None


def _write(events: list[JourneyEvent], *, deferred: bool) -> None:
    with replicas.bookkeeping():
        _write_events(events, deferred=deferred)


def _write_events(events: list[JourneyEvent], *, deferred: bool) -> None:
    if deferred:
        # What an event names may have gone while it waited.
        events = _still_linkable(events)
        _unlink_departed_members(events)
    else:
        unknown = [event for event in events if event.board_id is None]
        _fill_boards(events, _boards_of_threads(unknown), _boards_of_articles(unknown))
    if not events:
        return
    if connection.in_atomic_block:
        # Inside a caller's transaction a failed INSERT must not poison it.
        with transaction.atomic():
            JourneyEvent.objects.bulk_create(events)
        return
    if not deferred:
        _insert(events)
        return
    try:
        _insert(events)
    except IntegrityError:
        # A thread, article or board deleted between the check and the INSERT: write the
        # events one by one and drop only the ones that name it.
        for event in events:
            try:
                _insert([event])
            except IntegrityError:
                logger.warning("Dropped a journey event naming a deleted row")


def _still_linkable(events: list[JourneyEvent]) -> list[JourneyEvent]:
    """The events whose thread or article still exists (a click on a deleted one
    tells nothing), with boards filled in and links to deleted boards removed."""
    boards_of_threads = _boards_of_threads(events)
    boards_of_articles = _boards_of_articles(events)
    events = [
        e
        for e in events
        if (not e.thread_id or e.thread_id in boards_of_threads)
        and (not e.article_id or e.article_id in boards_of_articles)
    ]
    _fill_boards(events, boards_of_threads, boards_of_articles)
    named = {event.board_id for event in events if event.board_id}
    existing = set(Board.objects.filter(pk__in=named).values_list("pk", flat=True))
    for event in events:
        if event.board_id not in existing:
            event.board_id = None
    return events


def _boards_of_threads(events: list[JourneyEvent]) -> dict[int, int]:
    threads = {event.thread_id for event in events if event.thread_id}
    if not threads:
        return {}
    return dict(Thread.objects.filter(pk__in=threads).values_list("pk", "board_id"))


def _article_of(event: JourneyEvent) -> int | None:
    """The article whose board the event takes: the one it names, or the top
    result of a search that had no board filter."""
    return event.article_id or getattr(event, "board_of_article", None)


def _boards_of_articles(events: list[JourneyEvent]) -> dict[int, int | None]:
    """Each named article's board: the first of its boards (lowest id), or None
    for an article filed under no board. Every existing article is a key."""
    articles = {pk for event in events if (pk := _article_of(event))}
    if not articles:
        return {}
    boards: dict[int, int | None] = dict.fromkeys(
        Article.objects.filter(pk__in=articles).values_list("pk", flat=True)
    )
    links = Article.boards.through.objects.filter(article_id__in=boards)
    for article_id, board_id in links.order_by("-board_id").values_list(
        "article_id", "board_id"
    ):
        boards[article_id] = board_id  # descending: the lowest id is written last
    return boards


def _fill_boards(
    events: list[JourneyEvent], boards_of_threads: dict, boards_of_articles: dict
) -> None:
    """A thread or article view is recorded with its id alone (a cached page has
    no object); its board is read when it is written, once per batch."""
    for event in events:
        if event.board_id is not None:
            continue
        if event.thread_id:
            event.board_id = boards_of_threads.get(event.thread_id)
        elif article_id := _article_of(event):
            event.board_id = boards_of_articles.get(article_id)


def _unlink_departed_members(events: list[JourneyEvent]) -> None:
    """A member who deleted their account while their events waited is not linked
    to them when they are written."""
    members = {event.user_id for event in events if event.user_id}
    if not members:
        return
    active = set(
        User.objects.filter(pk__in=members, is_active=True).values_list("pk", flat=True)
    )
    for event in events:
        if event.user_id not in active:
            event.user_id = None


def _insert(events: list[JourneyEvent]) -> None:
    if connection.vendor != "postgresql":
        JourneyEvent.objects.bulk_create(events)
        return
    for start in range(0, len(events), ROWS_PER_STATEMENT):
        _insert_without_waiting_for_disk(events[start : start + ROWS_PER_STATEMENT])


def _insert_without_waiting_for_disk(events: list[JourneyEvent]) -> None:
    """INSERT the events as one statement in its own transaction, whose commit
    does not wait for PostgreSQL to flush its log to disk (a crash may lose the
    last fraction of a second of events, never corrupt them).
    ``set_config(..., true)`` in RETURNING sets synchronous_commit for this
    statement's transaction alone, which commits right after it: one round trip,
    where BEGIN, SET LOCAL, INSERT and COMMIT took four."""
    quote = connection.ops.quote_name
    fields = [f for f in JourneyEvent._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(JourneyEvent._meta.db_table)} ({columns})"  # noqa: S608 - names from the model; values are parameters  # nosec B608
        f" VALUES {', '.join([row] * len(events))}"
        " RETURNING set_config('synchronous_commit', 'off', true)"
    )
    values = [
        field.get_db_prep_save(getattr(event, field.attname), connection)
        for event in events
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _flush_at_exit() -> None:
    """The last write of an exiting process: what it cannot write is lost."""
    flush_pending_events()
    with _lock:
        lost = len(_pending)
        _pending.clear()
    if lost:
        logger.warning("Dropped %s unwritten journey events at exit", lost)
        count_dropped("journey_events", lost)


atexit.register(_flush_at_exit)
