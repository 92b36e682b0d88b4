"""Managers changing the ladder at the same moment, each on their own PostgreSQL
connection: the ladder stays valid and the loser gets a form error, never a 500.
SQLite serialises every writer, so these prove nothing there and are skipped."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from forum.console import services
from forum.reputation.models import Rank
from tests.security.test_races import ROUNDS, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite serialises them",
    ),
]


@pytest.fixture(autouse=True)
def ladder(db):
    # Transactional tests may start with the seeded ladder or from empty tables.
    Rank.objects.all().delete()
    Rank.objects.create(name="Newcomer", min_points=0)
    Rank.objects.create(name="Helper", min_points=20)


def _attempt(action) -> str:
    try:
        action()
    except ValidationError as refused:
        # The loser waited for the winner and was checked against its result.
        assert "already starts at" in " ".join(refused.messages)
        return "refused"
    return "saved"


def test_two_ranks_added_at_the_same_points_at_once_keep_one(manager):
    for round_ in range(ROUNDS):
        points = 1000 + round_
        adds = [
            partial(
                services.add_rank,
                by=manager,
                name=f"Star {round_}.{n}",
                min_points=points,
            )
            for n in range(2)
        ]

        outcomes = run_together([partial(_attempt, add) for add in adds])

        assert sorted(outcomes) == ["refused", "saved"]
        assert Rank.objects.filter(min_points=points).count() == 1


def test_two_rungs_moved_to_the_same_points_at_once_keep_one(manager):
    for round_ in range(ROUNDS):
        first = Rank.objects.create(name=f"A{round_}", min_points=100)
        second = Rank.objects.create(name=f"B{round_}", min_points=200)
        moves = [
            partial(
                services.update_rank, rung, by=manager, name=rung.name, min_points=5
            )
            for rung in (first, second)
        ]

        outcomes = run_together([partial(_attempt, move) for move in moves])

        assert sorted(outcomes) == ["refused", "saved"]
        assert Rank.objects.filter(min_points=5).count() == 1
        Rank.objects.filter(pk__in=[first.pk, second.pk]).delete()
