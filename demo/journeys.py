"""Thirty days of believable support journeys for the demo, so the deflection report
is alive on first run. Deterministic (a fixed seed), idempotent (skipped when any
journey event exists), and happy with or without demo threads."""

from __future__ import annotations

import base64
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from forum.deflection.models import (
    EventKind,
    EventSource,
    JourneyEvent,
    Ticket,
    TicketSource,
)
from forum.deflection.services.aggregation import build_deflection_stats
from forum.deflection.services.privacy import normalise_query
from forum.deflection.services.tickets import REFERENCE_ALPHABET
from forum.models import Board, Thread

SEED = 2026
DAYS = 30

# query, board slug, finds anything, share that click a result, share with a ticket
DEMO_QUERIES = [
    ("nbn dropouts at night", "nbn-internet", True, 0.75, 0.12),
    ("modem lights flashing orange", "nbn-internet", True, 0.65, 0.2),
    ("wifi slow in the evening", "nbn-internet", True, 0.6, 0.15),
    ("moving house transfer nbn", "nbn-internet", True, 0.15, 0.35),
    ("static ip address", "nbn-internet", False, 0.0, 0.45),
    ("roaming charges overseas", "mobile", True, 0.7, 0.1),
    ("esim setup iphone", "mobile", True, 0.8, 0.08),
    ("voicemail pin reset", "mobile", True, 0.7, 0.1),
    ("bill higher than usual", "billing-account", True, 0.45, 0.45),
    ("direct debit failed", "billing-account", True, 0.35, 0.5),
    ("cancel contract early fee", "billing-account", False, 0.0, 0.6),
    ("samsung wifi calling", "devices", True, 0.55, 0.15),
    ("5g home internet availability", "thinking-of-joining", False, 0.0, 0.3),
    ("is coverage good in hobart", "thinking-of-joining", True, 0.5, 0.05),
]
# One-off searches: each variant is used by a journey or two, below the report's
# threshold, so together they show up as "other".
RARE_ENDINGS = ["help", "not working", "again", "today", "question", "issue", "how"]
RARE_QUERIES = [
    "tg789 firmware version",
    "refund for outage in march",
    "apn settings for old nokia",
    "transfer number from prepaid",
    "parental controls on modem",
]
WEIGHTS = [9, 6, 5, 4, 3, 6, 5, 4, 7, 4, 3, 3, 2, 2]


def seed_demo_journeys() -> int:
    """Create the demo journeys (unless any exist) and build the aggregates."""
    if JourneyEvent.objects.exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security  # nosec B311
    boards = {board.slug: board for board in Board.objects.all()}
    threads = list(Thread.objects.public().order_by("pk"))
    now = timezone.now()
    events, tickets = [], []
    for days_ago in range(DAYS, 0, -1):
        day = timezone.localdate(now) - timedelta(days=days_ago)
        for _ in range(rng.randint(18, 42) + (DAYS - days_ago) // 3):
            journey_events, journey_tickets = _journey(rng, day, boards, threads)
            events += journey_events
            tickets += journey_tickets
    with transaction.atomic():
        JourneyEvent.objects.bulk_create(events, batch_size=1000)
        Ticket.objects.bulk_create(tickets, batch_size=500)
    build_deflection_stats()
    return len(events)


def _journey(rng: random.Random, day, boards, threads) -> tuple[list, list]:
    journey_id = base64.urlsafe_b64encode(rng.randbytes(16)).decode()[:22]
    session_hash = rng.randbytes(32).hex()
    start = timezone.make_aware(datetime.combine(day, time(rng.randint(7, 22))))
    start += timedelta(minutes=rng.randint(0, 59))
    clock = [start]

    def event(kind: str, **fields) -> JourneyEvent:
        clock[0] += timedelta(seconds=rng.randint(20, 240))
        return JourneyEvent(
            journey_id=journey_id,
            session_hash=session_hash,
            kind=kind,
            created_at=clock[0],
            **fields,
        )

    if rng.random() < 0.08:
        text, slug, finds, ctr, ticket_rate = (
            rng.choice(RARE_QUERIES),
            "",
            True,
            0.3,
            0.2,
        )
    else:
        text, slug, finds, ctr, ticket_rate = rng.choices(DEMO_QUERIES, WEIGHTS)[0]
    board = boards.get(slug)
    pool = [t for t in threads if board is None or t.board_id == board.pk] or threads
    found = rng.sample(pool, min(len(pool), 5)) if finds else []
    source = rng.choices(
        [
            EventSource.SEARCH_PAGE,
            EventSource.CONTACT_SUGGESTIONS,
            EventSource.ASK_SUGGESTIONS,
        ],
        [70, 20, 10],
    )[0]
    events = [
        event(
            EventKind.SEARCH,
            source=source,
            board=board,
            query=text,
            normalised_query=normalise_query(text),
            result_count=(rng.randint(3, 40) if finds else 0),
            top_thread_ids=[t.pk for t in found],
        )
    ]
    clicked = found and rng.random() < ctr
    if clicked:
        thread = rng.choice(found[:3])
        events.append(
            event(
                EventKind.RESULT_CLICK,
                source=source,
                thread=thread,
                rank=found.index(thread) + 1,
            )
        )
        events.append(event(EventKind.THREAD_VIEW, thread=thread))
        if rng.random() < 0.4:
            events.append(event(EventKind.HELPFUL_YES, thread=thread))
        elif rng.random() < 0.1:
            events.append(event(EventKind.HELPFUL_NO, thread=thread))
        ticket_rate *= 0.5  # an opened answer halves the odds of a ticket
    if source == EventSource.ASK_SUGGESTIONS and clicked and rng.random() < 0.4:
        events.append(event(EventKind.QUESTION_POSTED))
    tickets = []
    if rng.random() < ticket_rate:
        if rng.random() < 0.7:
            events.append(event(EventKind.TICKET_STARTED))
            events.append(event(EventKind.TICKET_SUBMITTED))
            tickets.append(_ticket(rng, journey_id, TicketSource.FORM, clock[0], text))
        else:  # the visitor phoned instead; the helpdesk reported it hours later
            opened = clock[0] + timedelta(hours=rng.randint(1, 20))
            opened = min(opened, timezone.now())
            tickets.append(
                _ticket(rng, journey_id, TicketSource.HELPDESK, opened, text)
            )
    return events, tickets


def _ticket(rng, journey_id: str, source: str, created_at, text: str) -> Ticket:
    reference = "CS-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
    return Ticket(
        reference=reference,
        journey_id=journey_id,
        source=source,
        subject=text.capitalize() if source == TicketSource.FORM else "",
        description="Demo ticket." if source == TicketSource.FORM else "",
        category="other" if source == TicketSource.FORM else "",
        email="customer@example.com" if source == TicketSource.FORM else "",
        helpdesk_ticket_id=f"HD-{reference[3:]}"
        if source == TicketSource.HELPDESK
        else None,
        created_at=created_at,
        received_at=created_at,
    )
