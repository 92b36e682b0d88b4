"""Search that learns from deflection outcomes, and managers' promotions.

Journeys record which result a searcher opened and whether they said it helped.
The deflection aggregation job (never a request) turns them into a bounded boost
per query key and thread:

1. ``record_outcomes``: for each journey it recomputed, one ``ClickOutcome`` per
   query, thread opened from that query's results, and journey: helped, did not
   help, or still ended in a ticket. A visitor who opens a result fifty times in one
   journey counts once.
2. ``refresh_boosts``: per query key and thread, each *visitor* counts once (their
   latest journey), weighted by the outcome and halved every ``HALF_LIFE_DAYS``;
   the evidence saturates into a boost of at most ``BOOST_MAX`` (a multiplier of
   1.15 on the thread's score), so no visitor or bot hammering one result can push
   it further, and a thread that stops helping fades.

Searches read the boosts and promotions of their query key with the vocabulary
(vocabulary.lookup), in the one query that plans them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from forum.search.analysis import query_key
from forum.search.models import ClickOutcome, LearnedBoost

BOOST_MAX = 0.15
HALF_SATURATION = 3.0
HALF_LIFE_DAYS = 30
MIN_BOOST = 0.001
OUTCOME_WEIGHTS = {"helpful": 1.0, "clicked": 0.1, "unhelpful": -0.5, "ticket": -0.5}
BATCH = 500


@dataclass(frozen=True)
class Signals:
    """What managers and past visitors say about a query's results."""

    promoted: tuple[int, ...] = ()
    learned: dict[int, float] = field(default_factory=dict)
    evidence: dict[int, tuple[float, float]] = field(default_factory=dict)


OUTCOME_EVENTS = ("search", "result_click", "helpful_yes", "helpful_no")
EVENT_FIELDS = ("journey_id", "kind", "normalised_query", "thread_id")


def record_outcomes(journeys: Iterable[str]) -> set[str]:
    """Rebuild the click outcomes of these journeys from their events; returns the
    query keys whose boosts may have changed."""
    from forum.deflection.models import Journey, JourneyEvent

    keys = list(journeys)
    stored = ClickOutcome.objects.filter(journey_key__in=keys)
    touched = set(stored.values_list("query_key", flat=True))
    stored.delete()
    journeys_info = {
        row[0]: row[1:]
        for row in Journey.objects.filter(public_id__in=keys, clicked=True).values_list(
            "public_id", "ticket", "visitor", "day"
        )
    }
    events = (
        JourneyEvent.objects.filter(journey_id__in=keys, kind__in=OUTCOME_EVENTS)
        .order_by("journey_id", "created_at", "id")
        .values_list(*EVENT_FIELDS)
    )
    rows = list(_outcomes(events, journeys_info))
    _create_existing(rows)
    return touched | {row.query_key for row in rows}


def record_every_outcome() -> None:
    """Rebuild every click outcome, streaming the events once (the full rebuild of
    the deflection stats: a million journeys in one pass, not thousands of
    batches)."""
    from forum.deflection.models import Journey, JourneyEvent

    ClickOutcome.objects.all().delete()
    journeys_info = {
        row[0]: row[1:]
        for row in Journey.objects.filter(clicked=True)
        .values_list("public_id", "ticket", "visitor", "day")
        .iterator(chunk_size=10_000)
    }
    events = (
        JourneyEvent.objects.filter(kind__in=OUTCOME_EVENTS)
        .order_by("journey_id", "created_at", "id")
        .values_list(*EVENT_FIELDS)
        .iterator(chunk_size=10_000)
    )
    batch: list[ClickOutcome] = []
    for row in _outcomes(events, journeys_info):
        batch.append(row)
        if len(batch) >= 5_000:
            _create_existing(batch)
            batch = []
    _create_existing(batch)


def _outcomes(events, journeys_info: dict[str, tuple]) -> Iterator[ClickOutcome]:
    """The click outcomes of events ordered by journey and time: a click belongs
    to the query of the search before it; "did this help?" answers mark every
    outcome of that thread in the journey. Journeys without a click are skipped."""
    journey, rows = None, {}
    by_thread: dict[int, list[ClickOutcome]] = defaultdict(list)
    current = ""
    for key, kind, normalised, thread_id in events:
        if key != journey:
            yield from rows.values()
            journey, rows, current = key, {}, ""
            by_thread = defaultdict(list)
        info = journeys_info.get(key)
        if info is None:
            continue
        if kind == "search":
            current = query_key(normalised)
        elif kind == "result_click" and thread_id and current:
            if (current, thread_id) not in rows:
                ticket, visitor, day = info
                row = ClickOutcome(
                    journey_key=key,
                    visitor=visitor,
                    query_key=current,
                    thread_id=thread_id,
                    day=day,
                    ticket=ticket,
                )
                rows[(current, thread_id)] = row
                by_thread[thread_id].append(row)
        elif thread_id:
            for row in by_thread.get(thread_id, ()):
                if kind == "helpful_yes":
                    row.helpful = True
                else:
                    row.unhelpful = True
    yield from rows.values()


def _create_existing(rows: list[ClickOutcome]) -> None:
    """Store the rows whose thread still exists."""
    from forum.models import Thread

    if not rows:
        return
    existing = set(
        Thread.objects.filter(pk__in={row.thread_id for row in rows}).values_list(
            "pk", flat=True
        )
    )
    ClickOutcome.objects.bulk_create(
        [row for row in rows if row.thread_id in existing], batch_size=BATCH
    )


def refresh_boosts(
    keys: Iterable[str] | None = None, *, now: datetime | None = None
) -> int:
    """Recompute the learned boosts of these query keys (every key when None);
    returns how many boosts there are now for them."""
    today = timezone.localdate(now or timezone.now())
    outcomes = ClickOutcome.objects.all()
    boosts = LearnedBoost.objects.all()
    if keys is not None:
        keys = sorted(set(keys))
        outcomes, boosts = (
            outcomes.filter(query_key__in=keys),
            boosts.filter(query_key__in=keys),
        )
    # Each visitor counts once per query and thread: their latest outcome.
    latest: dict[tuple[str, int, str], tuple[date, dict]] = {}
    for row in outcomes.values(
        "query_key", "thread_id", "visitor", "journey_key", "day", "helpful",
        "unhelpful", "ticket",
    ).iterator(chunk_size=2000):  # fmt: skip
        visitor = row["visitor"] or row["journey_key"]
        slot = (row["query_key"], row["thread_id"], visitor)
        if slot not in latest or row["day"] >= latest[slot][0]:
            latest[slot] = (row["day"], row)
    evidence: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for (key, thread_id, _), (day, row) in latest.items():
        decay = 0.5 ** (max((today - day).days, 0) / HALF_LIFE_DAYS)
        totals = evidence[(key, thread_id)]
        totals[0] += decay * _outcome_weight(row)
        totals[1] += decay if row["helpful"] else 0.0
        totals[2] += decay
    boosts.delete()
    fresh = []
    for (key, thread_id), (score, helpful, clicked) in evidence.items():
        boost = boost_for(score)
        if boost >= MIN_BOOST:
            fresh.append(
                LearnedBoost(
                    query_key=key,
                    thread_id=thread_id,
                    boost=boost,
                    helpful_visitors=round(helpful, 3),
                    clicked_visitors=round(clicked, 3),
                )
            )
    LearnedBoost.objects.bulk_create(fresh, batch_size=BATCH)
    return len(fresh)


def boost_for(score: float) -> float:
    """The bounded boost for a decayed evidence score."""
    if score <= 0 or not math.isfinite(score):
        return 0.0
    return BOOST_MAX * score / (score + HALF_SATURATION)


def _outcome_weight(row: dict) -> float:
    weight = OUTCOME_WEIGHTS["clicked"]
    if row["helpful"]:
        weight += OUTCOME_WEIGHTS["helpful"]
    if row["unhelpful"]:
        weight += OUTCOME_WEIGHTS["unhelpful"]
    if row["ticket"]:
        weight += OUTCOME_WEIGHTS["ticket"]
    return weight


def forget_before(day: date) -> int:
    """Delete click outcomes of journeys older than the retention period."""
    deleted, _ = ClickOutcome.objects.filter(day__lt=day).delete()
    return deleted
