"""Synthetic support journeys for `manage.py seed_bulk --journeys N`.

Each journey is one visitor's searches and what followed: queries drawn from a fixed
vocabulary with Zipf-like popularity (a few queries are most of the searches, a long
tail is rarely searched and often finds nothing), clicks on the query's top threads
(popular threads come up for many queries), thread views, "did this help?" answers,
questions posted after ask-page suggestions, and contact-form tickets, more often
when nothing was found or opened. The events are written with COPY; the journeys and
daily aggregates are then built by the set-based full rebuild, as in production.
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate

from django.utils import timezone

from demo.bulk import WORDS, JsonText, _next_id, write_rows
from forum.deflection.models import EventKind, EventSource, JourneyEvent

QUERIES = 1_500
# Past this popularity rank, a query finds nothing more often than not.
LONG_TAIL_RANK = 1_200
TOP_RESULTS = 5
SIGNED_IN_SHARE = 0.25
BOARD_FILTER_SHARE = 0.35
SOURCES = (
    (EventSource.SEARCH_PAGE, 0.65),
    (EventSource.CONTACT_SUGGESTIONS, 0.12),
    (EventSource.ASK_SUGGESTIONS, 0.10),
    (EventSource.API, 0.13),
)


@dataclass(frozen=True)
class Query:
    text: str
    results: int
    top_thread_ids: list[int]
    top_thread_ids_json: JsonText


def _vocabulary(rng: random.Random, threads: range) -> list[Query]:
    """Queries by popularity rank, each with a fixed result count and top threads
    (skewed towards the most popular threads)."""
    seen, queries = set(), []
    while len(queries) < QUERIES:
        text = " ".join(rng.sample(WORDS, k=rng.choice((1, 2, 2, 3))))
        if text in seen:
            continue
        seen.add(text)
        tail = len(queries) >= LONG_TAIL_RANK
        found = rng.random() >= (0.6 if tail else 0.04)
        tops = sorted(
            {threads[int(len(threads) * rng.random() ** 3)] for _ in range(TOP_RESULTS)}
        )
        tops = tops if found else []
        queries.append(
            Query(
                text,
                rng.randint(1, 250) if found else 0,
                tops,
                JsonText(json.dumps(tops)),
            )
        )
    return queries


def seed_journeys(
    *,
    journeys: int,
    days: int,
    rng: random.Random,
    user_ids: list[int],
    board_ids: list[int],
    threads: range,
) -> int:
    """Write ``journeys`` journeys' events spread over the last ``days`` days;
    returns the number of events."""
    vocabulary = _vocabulary(rng, threads)
    popularity = list(accumulate(1 / (rank + 1) ** 1.07 for rank in range(QUERIES)))
    sources = [source for source, _ in SOURCES]
    source_weights = list(accumulate(weight for _, weight in SOURCES))
    visitors = max(journeys // 3, 1)
    now = timezone.now()
    span = days * 86_400
    next_id = _next_id(JourneyEvent)
    written = 0

    def pick_query() -> Query:
        return vocabulary[bisect(popularity, rng.random() * popularity[-1])]

    def events() -> Iterator[dict]:
        nonlocal next_id, written
        for _ in range(journeys):
            visitor = rng.randrange(visitors)
            signed_in = visitor < visitors * SIGNED_IN_SHARE
            journey = {
                "journey_id": f"{rng.getrandbits(128):032x}"[:22],
                "session_hash": f"{visitor:064x}",
                "user_id": user_ids[visitor % len(user_ids)] if signed_in else None,
            }
            source = sources[bisect(source_weights, rng.random() * source_weights[-1])]
            board = rng.choice(board_ids) if rng.random() < BOARD_FILTER_SHARE else None
            when = now - timedelta(seconds=rng.uniform(0, span))
            for kind, fields in _journey_steps(rng, pick_query, source, board):
                when += timedelta(seconds=rng.uniform(4, 120))
                yield {
                    "id": next_id,
                    **journey,
                    "kind": kind,
                    "created_at": when,
                    **fields,
                }
                next_id += 1
                written += 1

    write_rows(JourneyEvent, events())
    return written


def _journey_steps(rng, pick_query, source, board) -> Iterator[tuple[str, dict]]:
    """What one visitor does: (event kind, its fields) in order."""
    opened = found_nothing = False
    searches = 1 + (rng.random() < 0.3) + (rng.random() < 0.08)
    for _ in range(searches):
        query = pick_query()
        found_nothing = found_nothing or not query.results
        yield (
            EventKind.SEARCH,
            {
                "source": source,
                "board_id": board,
                "query": query.text.capitalize() if rng.random() < 0.3 else query.text,
                "normalised_query": query.text,
                "result_count": query.results,
                "top_thread_ids": query.top_thread_ids_json,
            },
        )
        if not query.results or rng.random() >= 0.5:
            continue
        rank = min(int(rng.expovariate(1.2)), len(query.top_thread_ids) - 1)
        thread_id = query.top_thread_ids[rank]
        opened = True
        yield (
            EventKind.RESULT_CLICK,
            {"source": source, "thread_id": thread_id, "rank": rank + 1},
        )
        if rng.random() < 0.85:
            yield EventKind.THREAD_VIEW, {"thread_id": thread_id}
        answer = rng.random()
        if answer < 0.3:
            yield EventKind.HELPFUL_YES, {"thread_id": thread_id}
        elif answer < 0.37:
            yield EventKind.HELPFUL_NO, {"thread_id": thread_id}
    if source == EventSource.ASK_SUGGESTIONS:
        if rng.random() < (0.35 if opened else 0.6):
            yield EventKind.QUESTION_POSTED, {}
        return
    ticket_chance = 0.1 + (0.1 if not opened else 0) + (0.1 if found_nothing else 0)
    if rng.random() < ticket_chance:
        yield EventKind.TICKET_STARTED, {"source": source}
        if rng.random() < 0.75:
            yield EventKind.TICKET_SUBMITTED, {"source": source}
