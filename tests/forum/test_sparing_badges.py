""" "Verified helper" and the ranks are given sparingly enough to mean something:
several independently verified answers over weeks, and rungs a few answers apart."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from forum import reputation, services
from forum.models import Thread
from forum.reputation.models import BadgeAward, Rank
from forum.reputation.selectors import verified_solution_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MIGRATION = "forum.reputation.migrations.0004_sparing_ranks_and_verified_helper"


def holds_verified_helper(member) -> bool:
    return BadgeAward.objects.filter(user=member, badge="expert-verified").exists()


def answer_accepted(board, helper, *, by, days_ago=0):
    question = services.create_thread(
        board=board, author=UserFactory(), title="Modem keeps dropping", body="Help?"
    )
    reply = services.post_reply(question, author=helper, body="Replace the filter.")
    services.accept_solution(question, post=reply, by=by)
    when = timezone.now() - timedelta(days=days_ago)
    Thread.objects.filter(pk=question.pk).update(accepted_at=when)
    return question


def test_three_verified_answers_over_two_weeks_earn_verified_helper(board, expert):
    helper = UserFactory()
    answer_accepted(board, helper, by=expert, days_ago=20)
    answer_accepted(board, helper, by=expert, days_ago=10)
    assert not holds_verified_helper(helper)

    answer_accepted(board, helper, by=expert)

    assert holds_verified_helper(helper)


def test_three_verified_answers_in_one_afternoon_are_not_enough(board, expert):
    helper = UserFactory()
    for _ in range(3):
        answer_accepted(board, helper, by=expert)

    assert verified_solution_record(helper) == (3, 0)
    assert not holds_verified_helper(helper)


def test_answers_the_asker_accepted_do_not_count_as_verified(board, expert):
    helper = UserFactory()
    for days_ago in (30, 15):
        answer_accepted(board, helper, by=expert, days_ago=days_ago)
    question = services.create_thread(
        board=board, author=UserFactory(), title="My bill is wrong", body="Why?"
    )
    reply = services.post_reply(question, author=helper, body="Check the plan.")

    services.accept_solution(question, post=reply, by=question.author)

    assert verified_solution_record(helper)[0] == 2
    assert not holds_verified_helper(helper)


@pytest.mark.parametrize(
    ("points", "rank"),
    [
        (0, "New member"),
        (19, "New member"),
        (20, "Contributor"),
        (50, "Contributor"),
        (99, "Contributor"),
        (100, "Helper"),
        (300, "Trusted helper"),
        (750, "Community champion"),
        (2000, "Community legend"),
    ],
)
def test_the_ladder_is_a_few_answers_per_rung(points, rank):
    assert reputation.rank_for(points) == rank


def test_the_ladder_migration_leaves_renamed_rungs_alone():
    Rank.objects.all().delete()
    Rank.objects.create(min_points=0, name="New member")
    Rank.objects.create(min_points=50, name="Local hero")
    Rank.objects.create(min_points=150, name="Trusted helper")
    migration = importlib.import_module(MIGRATION)

    migration.raise_ladder(apps, None)

    rungs = list(Rank.objects.values_list("min_points", "name"))
    assert rungs == [(0, "New member"), (50, "Local hero"), (300, "Trusted helper")]


def test_the_ladder_migration_can_be_undone():
    migration = importlib.import_module(MIGRATION)

    migration.lower_ladder(apps, None)

    assert list(Rank.objects.values_list("min_points", flat=True)) == [
        0,
        10,
        50,
        150,
        400,
        1000,
    ]


def test_the_migration_withdraws_verified_helper_from_one_answer_holders(board, expert):
    earned, lucky = UserFactory(), UserFactory()
    for days_ago in (40, 20, 0):
        answer_accepted(board, earned, by=expert, days_ago=days_ago)
    answer_accepted(board, lucky, by=expert)
    BadgeAward.objects.get_or_create(user=lucky, badge="expert-verified")
    migration = importlib.import_module(MIGRATION)

    migration.withdraw_unearned_verified_helpers(apps, None)

    assert holds_verified_helper(earned)
    assert not holds_verified_helper(lucky)
