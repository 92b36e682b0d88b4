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
from collections.abc import Iterable
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


def record_outcomes(journeys: Iterable[str]) -> set[str]:
    """Rebuild the click outcomes of these journeys from their events; returns the
    query keys whose boosts may have changed."""
    from forum.deflection.models import EventKind, Journey, JourneyEvent

    keys = list(journeys)
    touched = set(
        ClickOutcome.objects.filter(journey_key__in=keys).values_list(
            "query_key", flat=True
        )
    )
    ClickOutcome.objects.filter(journey_key__in=keys).delete()
    outcomes = {
        row["public_id"]: row
        for row in Journey.objects.filter(public_id__in=keys).values(
            "public_id", "ticket", "visitor", "day"
        )
    }
    events = (
        JourneyEvent.objects.filter(
            journey_id__in=keys,
            kind__in=[
                EventKind.SEARCH,
                EventKind.RESULT_CLICK,
                EventKind.HELPFUL_YES,
                EventKind.HELPFUL_NO,
            ],
        )
        .order_by("journey_id", "created_at", "id")
        .values_list("journey_id", "kind", "normalised_query", "thread_id")
    )
    rows: dict[tuple[str, str, int], ClickOutcome] = {}
    by_thread: dict[tuple[str, int], list[ClickOutcome]] = defaultdict(list)
    current: dict[str, str] = {}
    for journey, kind, normalised, thread_id in events:
        journey_row = outcomes.get(journey)
        if journey_row is None:
            continue
        if kind == EventKind.SEARCH:
            current[journey] = query_key(normalised)
        elif kind == EventKind.RESULT_CLICK and thread_id and current.get(journey):
            slot = (journey, current[journey], thread_id)
            if slot not in rows:
                rows[slot] = ClickOutcome(
                    journey_key=journey,
                    visitor=journey_row["visitor"],
                    query_key=current[journey],
                    thread_id=thread_id,
                    day=journey_row["day"],
                    ticket=journey_row["ticket"],
                )
                by_thread[(journey, thread_id)].append(rows[slot])
        elif thread_id:
            # "Did this help?" answers for the thread, whichever query found it.
            for row in by_thread.get((journey, thread_id), ()):
                if kind == EventKind.HELPFUL_YES:
                    row.helpful = True
                else:
                    row.unhelpful = True
    _create_existing(list(rows.values()))
    return touched | {row.query_key for row in rows.values()}


def _create_existing(rows: list[ClickOutcome]) -> None:
    """Store the rows whose thread still exists."""
    from forum.models import Thread

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
