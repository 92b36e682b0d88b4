"""Votes that really collide: OS threads, each with its own PostgreSQL connection,
released together. The idea's count must still equal its vote rows.

SQLite serialises every writer, so these prove nothing there and are skipped.
"""

from functools import partial

import pytest
from django.db import connection

from forum.ideas import services
from forum.ideas.models import Idea, IdeaComment, IdeaVote
from tests.factories import IdeaBoardFactory, UserFactory
from tests.security.test_races import ROUNDS, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite serialises them",
    ),
]


def an_idea() -> Idea:
    return services.post_idea(
        board=IdeaBoardFactory(),
        by=UserFactory(),
        title="Let me pause my plan abroad",
        body="For a month.",
    )


def test_parallel_votes_are_counted_exactly():
    for _ in range(ROUNDS):
        idea = an_idea()
        voters = [UserFactory() for _ in range(20)]

        results = run_together(
            [partial(services.vote_for_idea, idea, by=v) for v in voters]
        )

        idea.refresh_from_db()
        assert results == [True] * 20
        assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count() == 20


def test_one_member_voting_twice_at_once_counts_once():
    for _ in range(ROUNDS):
        idea = an_idea()
        voter = UserFactory()

        results = run_together(
            [partial(services.vote_for_idea, idea, by=voter) for _ in range(6)]
        )

        idea.refresh_from_db()
        assert sorted(results) == [False] * 5 + [True]
        assert idea.vote_count == 1


def test_votes_and_withdrawals_at_once_leave_the_count_exact():
    for _ in range(ROUNDS):
        idea = an_idea()
        leaving = [UserFactory() for _ in range(8)]
        for voter in leaving:
            services.vote_for_idea(idea, by=voter)
        arriving = [UserFactory() for _ in range(8)]

        run_together(
            [partial(services.withdraw_vote, idea, by=v) for v in leaving]
            + [partial(services.vote_for_idea, idea, by=v) for v in arriving]
        )

        idea.refresh_from_db()
        assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count() == 8


def test_parallel_comments_are_counted_exactly():
    idea = an_idea()
    commenters = [UserFactory() for _ in range(12)]

    run_together(
        [
            lambda c=c: services.post_idea_comment(idea, by=c, body="Yes please")
            for c in commenters
        ]
    )

    idea.refresh_from_db()
    assert idea.comment_count == IdeaComment.objects.filter(idea=idea).count() == 12
