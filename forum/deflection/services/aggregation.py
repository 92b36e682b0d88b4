"""Building the daily aggregates the report reads, incrementally and idempotently.

Each run (the periodic job or ``manage.py build_deflection_stats``):

1. picks the journeys that may have changed: those with events since the last scan
   (less a margin for transactions still in flight then), those that went idle,
   those whose ticket window closed, and those a late helpdesk report touched;
2. recomputes those journeys from all their events and tickets (outcomes.py);
3. rebuilds every day those journeys count on, from the journey rows: delete the
   day's rows, insert them again. Re-running therefore gives the same numbers, and
   anything late is picked up by recomputing the days it affects;
4. re-ranks the report's tables for the standard periods that include those days
   (rollups.py);
5. brings search's learned ranking signal up to date for the queries those
   journeys used (forum.search.learning).

Runs are serialised by a row lock on ``StatsBuildState`` (PostgreSQL), and each run
is one transaction, so the report never sees half a day.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Journey,
    JourneyEvent,
    StatsBuildState,
    Ticket,
    TicketJourney,
)
from forum.deflection.services.event_writer import flush_pending_events
from forum.deflection.services.full_rebuild import board_totals, rebuild_everything
from forum.deflection.services.outcomes import summarise_journey
from forum.deflection.services.rollups import build_period_rollups
from forum.knowledge.models import Article
from forum.models import Thread
from forum.search import learning

logger = logging.getLogger(__name__)

# Events inserted by transactions that were still open when the last scan started
# may carry a slightly earlier time; rescanning this far back catches them.
SCAN_MARGIN = timedelta(minutes=10)
BATCH_SIZE = 500
EVENT_FIELDS = (
    "journey_id",
    "kind",
    "source",
    "session_hash",
    "user_id",
    "board_id",
    "normalised_query",
    "result_count",
    "thread_id",
    "article_id",
    "created_at",
)
JOURNEY_FIELDS = [
    "session_hash",
    "user_id",
    "visitor",
    "board_id",
    "started_at",
    "day",
    "last_event_at",
    "last_search_at",
    "is_ended",
    "ended_at",
    "is_final",
    "needs_rebuild",
    "search_count",
    "zero_result_searches",
    "click_count",
    "searched",
    "clicked",
    "engaged",
    "confirmed_helpful",
    "ticket",
    "deflected",
    "failed",
    "question_deflected",
    "details",
]


@transaction.atomic
def build_deflection_stats(*, now: datetime | None = None, full: bool = False) -> dict:
    """Bring journeys and daily aggregates up to date; returns what it touched.

    ``full`` recomputes every journey and every day still within retention.
    """
    flush_pending_events()
    scan_started = timezone.now()
    now = now or scan_started
    StatsBuildState.objects.get_or_create(pk=1)
    state = StatsBuildState.objects.select_for_update().get(pk=1)
    if full:
        # Set-based: the same numbers as the journey-by-journey path below, in a
        # few statements rather than minutes of Python at a million journeys.
        result = rebuild_everything(now=now)
        _learn_from_every_journey(now=now)
    else:
        result = _rebuild_changed(now=now, since=state.events_scanned_until)
    result["rollups"] = build_period_rollups(now=now, rebuilt_days=result["days"])
    state.events_scanned_until = scan_started - SCAN_MARGIN
    state.last_run_at = scan_started
    state.save(update_fields=["events_scanned_until", "last_run_at"])
    logger.info(
        "Deflection stats: %s journeys, %s days, %s period rollups",
        result["journeys"],
        len(result["days"]),
        result["rollups"],
    )
    return result


def _rebuild_changed(*, now: datetime, since: datetime | None) -> dict:
    """Recompute the journeys changed since the last scan (all of them on the
    first run), journey by journey, and rebuild the days they count on."""
    keys = _changed_journey_keys(now=now, since=since)
    days: set[date] = set()
    queries: set[str] = set()
    for batch in _chunks(sorted(keys), BATCH_SIZE):
        days |= _recompute_journeys(batch, now=now)
        queries |= learning.record_outcomes(batch)
    if queries:
        learning.refresh_boosts(queries, now=now)
    oldest_rebuildable = timezone.localdate(now - conf.retention())
    rebuilt = sorted(day for day in days if day >= oldest_rebuildable)
    for day in rebuilt:
        rebuild_day(day)
    return {"journeys": len(keys), "days": rebuilt}


def _learn_from_every_journey(*, now: datetime) -> None:
    """Search's learned signal from every journey that opened a result."""
    learning.record_every_outcome()
    learning.refresh_boosts(None, now=now)


def rebuild_day(day: date) -> None:
    """Replace one day's aggregates with fresh ones computed from its ended journeys."""
    for model in (
        DailyBoardStats,
        DailyQueryStats,
        DailyThreadStats,
        DailyArticleStats,
    ):
        model.objects.filter(day=day).delete()
    ended = Journey.objects.filter(day=day, is_ended=True).order_by()
    DailyBoardStats.objects.bulk_create(
        DailyBoardStats(day=day, **row) for row in _board_rows(ended)
    )
    queries, threads, articles = _query_thread_and_article_counts(ended)
    DailyQueryStats.objects.bulk_create(
        (
            DailyQueryStats(day=day, board_id=board_id, query=query, **counts)
            for (board_id, query), counts in queries.items()
        ),
        batch_size=1000,
    )
    existing = set(
        Thread.objects.filter(pk__in={pk for _, pk in threads}).values_list(
            "pk", flat=True
        )
    )
    DailyThreadStats.objects.bulk_create(
        (
            DailyThreadStats(day=day, board_id=board_id, thread_id=pk, **counts)
            for (board_id, pk), counts in threads.items()
            if pk in existing
        ),
        batch_size=1000,
    )
    existing = set(
        Article.objects.filter(pk__in={pk for _, pk in articles}).values_list(
            "pk", flat=True
        )
    )
    DailyArticleStats.objects.bulk_create(
        (
            DailyArticleStats(day=day, board_id=board_id, article_id=pk, **counts)
            for (board_id, pk), counts in articles.items()
            if pk in existing
        ),
        batch_size=1000,
    )


def _board_rows(ended) -> Iterable[dict]:
    rows = ended.values("board_id").annotate(**board_totals())
    for row in rows:
        yield {
            name.removeprefix("n_"): value or 0
            for name, value in row.items()
            if name.startswith("n_")
        } | {"board_id": row["board_id"]}


def _query_thread_and_article_counts(ended) -> tuple[dict, dict, dict]:
    """Per (board, query), per (board, thread) and per (board, article) counts,
    from each journey's details.

    This walks the day's journeys once, in a background job; the report itself only
    reads the resulting rows.
    """
    queries: dict = defaultdict(Counter)
    threads: dict = defaultdict(Counter)
    articles: dict = defaultdict(Counter)
    rows = ended.values_list(
        "board_id", "deflected", "ticket", "failed", "question_deflected", "details"
    )
    for (
        board_id,
        deflected,
        ticket,
        failed,
        question_deflected,
        details,
    ) in rows.iterator(chunk_size=2000):
        for query in details.get("queries", []):
            counts = queries[(board_id, query["q"])]
            counts["journeys"] += 1
            counts["searches"] += query["searches"]
            counts["zero_result_searches"] += query["zero"]
            counts["journeys_with_results"] += int(bool(query.get("results")))
            counts["clicked_journeys"] += int(bool(query.get("clicked")))
            counts["tickets"] += int(ticket)
            counts["deflected"] += int(deflected)
        for pk in details.get("opened", []):
            threads[(board_id, pk)]["opened"] += 1
            threads[(board_id, pk)]["deflected"] += int(deflected)
        for pk in details.get("helpful", []) if deflected else []:
            threads[(board_id, pk)]["confirmed"] += 1
        for pk in details.get("clicked", []) if failed else []:
            threads[(board_id, pk)]["failed"] += 1
        for pk in details.get("asked", []) if question_deflected else []:
            threads[(board_id, pk)]["question_deflected"] += 1
        _count_articles(articles, board_id, details, deflected=deflected, failed=failed)
    return queries, threads, articles


def _count_articles(articles, board_id, details, *, deflected, failed) -> None:
    """One journey's part of the per-article counts: as for threads, plus the
    journey's yes or no answer whatever its outcome (helpfulness)."""
    for pk in details.get("articles_opened", []):
        articles[(board_id, pk)]["opened"] += 1
        articles[(board_id, pk)]["deflected"] += int(deflected)
    for pk in details.get("articles_helpful", []):
        articles[(board_id, pk)]["helpful_yes"] += 1
        articles[(board_id, pk)]["confirmed"] += int(deflected)
    for pk in details.get("articles_unhelpful", []):
        articles[(board_id, pk)]["helpful_no"] += 1
    for pk in details.get("articles_clicked", []) if failed else []:
        articles[(board_id, pk)]["failed"] += 1


def _changed_journey_keys(*, now: datetime, since: datetime | None) -> set[str]:
    events = JourneyEvent.objects.all()
    if since is not None:
        events = events.filter(created_at__gte=since)
    keys = set(events.order_by().values_list("journey_id", flat=True).distinct())
    window_closed = now - conf.ticket_window()
    stale = Journey.objects.filter(is_final=False).filter(
        Q(needs_rebuild=True)
        | Q(is_ended=False, last_event_at__lte=now - conf.idle_timeout())
        | Q(is_ended=True, last_search_at__lte=window_closed)
        | Q(
            is_ended=True, last_search_at__isnull=True, last_event_at__lte=window_closed
        )
    )
    if since is None:
        stale = Journey.objects.all()
    keys |= set(stale.values_list("public_id", flat=True))
    return keys


def _recompute_journeys(keys: list[str], *, now: datetime) -> set[date]:
    """Recompute these journeys; returns the days whose numbers may have changed."""
    events: dict[str, list[dict]] = defaultdict(list)
    for event in (
        JourneyEvent.objects.filter(journey_id__in=keys)
        .order_by("created_at", "id")
        .values(*EVENT_FIELDS)
    ):
        events[event["journey_id"]].append(event)
    tickets = _tickets_by_journey(keys)
    existing = {j.public_id: j for j in Journey.objects.filter(public_id__in=keys)}
    days, created, updated = set(), [], []
    for key in keys:
        journey = existing.get(key)
        if not events[key]:
            if journey is not None:  # its events were purged: nothing left to learn
                journey.is_final, journey.needs_rebuild = True, False
                updated.append(journey)
            continue
        summary = summarise_journey(events[key], tickets[key], now=now)
        if journey is None:
            journey = Journey(public_id=key)
            created.append(journey)
        else:
            days.add(journey.day)
            updated.append(journey)
        for field, value in summary.items():
            setattr(journey, field, value)
        days.add(journey.day)
    Journey.objects.bulk_create(created, batch_size=BATCH_SIZE)
    Journey.objects.bulk_update(updated, JOURNEY_FIELDS, batch_size=BATCH_SIZE)
    return days


def _tickets_by_journey(keys: list[str]) -> dict[str, list[dict]]:
    """Each journey's tickets: named by its id (or submitted on it), or matched to
    it through the customer's identity; the outcome rule treats them alike."""
    tickets: dict[str, list[dict]] = defaultdict(list)
    for ticket in Ticket.objects.filter(journey_id__in=keys).values(
        "journey_id", "source", "created_at"
    ):
        tickets[ticket["journey_id"]].append(ticket)
    for link in TicketJourney.objects.filter(journey_id__in=keys).values(
        "journey_id", "ticket__source", "ticket__created_at"
    ):
        tickets[link["journey_id"]].append(
            {
                "journey_id": link["journey_id"],
                "source": link["ticket__source"],
                "created_at": link["ticket__created_at"],
            }
        )
    return tickets


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
