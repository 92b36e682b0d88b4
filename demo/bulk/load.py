"""The whole load, phase by phase, in one transaction."""

import random
import time

from django.db import transaction
from taggit.models import TaggedItem

from accounts.models import User
from demo.bulk.content import (
    seed_boards,
    seed_kudos,
    seed_tags,
    seed_threads_and_posts,
    seed_users,
)
from demo.bulk.counters import recount
from demo.bulk.options import BulkOptions
from demo.bulk.postgres import (
    _analyze,
    _foreign_keys_checked_after,
    _indexes_built_after,
    reset_sequences,
)
from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Journey,
    JourneyEvent,
)
from forum.models import Kudos, Post, Thread


def seed_bulk(options: BulkOptions, *, log=print) -> None:
    """Load the whole synthetic community in one transaction, logging each phase
    with its duration."""
    from demo.bulk_journeys import seed_journeys  # builds on demo.bulk.rows
    from forum.deflection.services.aggregation import build_deflection_stats

    rng = random.Random(options.seed)  # seeded demo data, not security  # nosec B311
    clock = time.monotonic()

    def phase(message: str) -> None:
        nonlocal clock
        log(f"{message} ({time.monotonic() - clock:.1f} s)")
        clock = time.monotonic()

    # The deflection tables are filled by the full rebuild below, in this
    # transaction: loaded in bulk as much as ours.
    stats = [Journey, DailyBoardStats, DailyQueryStats, DailyThreadStats]
    loaded = [Thread, Post, TaggedItem, Kudos, JourneyEvent, *stats]
    with transaction.atomic(), _foreign_keys_checked_after(loaded):
        user_ids = seed_users(options, rng)
        phase(f"users: {len(user_ids)}")
        boards = seed_boards(options)
        # The counters are written while the indexes are away too: an updated row
        # would otherwise add an entry to every index of its table.
        with _indexes_built_after([Thread, Post, TaggedItem, Kudos]):
            first_thread, first_post, posts = seed_threads_and_posts(
                options, rng, user_ids, boards
            )
            last_thread = first_thread + options.threads - 1
            phase(f"threads: {options.threads}, posts: {len(posts)}")
            seed_tags(rng, first_thread, last_thread)
            seed_kudos(options, rng, user_ids, posts)
            phase("tags and kudos")
            _analyze([User, Thread, Post, Kudos])
            recount(first_thread, first_post)
            phase("counters rebuilt")
        phase("indexes built")
        if options.journeys:
            with _indexes_built_after([JourneyEvent]):
                events = seed_journeys(
                    journeys=options.journeys,
                    days=options.days,
                    rng=rng,
                    user_ids=user_ids,
                    board_ids=[board.pk for board in boards],
                    threads=range(first_thread, last_thread + 1),
                )
            _analyze([JourneyEvent])
            phase(f"journeys: {options.journeys}, events: {events}")
            with _indexes_built_after(stats):
                built = build_deflection_stats(full=True)
            phase(
                f"deflection stats: {built['journeys']} journeys, "
                f"{len(built['days'])} days"
            )
        reset_sequences()
    phase("foreign keys checked and saved")
