"""Readers answering "Was this article helpful?" at once, each on their own
PostgreSQL connection: the counters still equal the answers behind them.

SQLite serialises every writer, so these prove nothing there and are skipped.
"""

from functools import partial

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from forum.knowledge.models import ArticleFeedback
from forum.knowledge.services.feedback import give_article_feedback
from tests.factories import ArticleFactory, UserFactory
from tests.security.test_races import ROUNDS, fresh, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite serialises them",
    ),
]


def test_parallel_answers_from_many_readers_are_all_counted():
    for _ in range(ROUNDS):
        article = ArticleFactory()
        readers = [UserFactory() for _ in range(12)]

        run_together(
            [
                partial(
                    give_article_feedback,
                    article,
                    user=reader,
                    session_hash="",
                    helpful=n % 3 != 0,
                )
                for n, reader in enumerate(readers)
            ]
        )

        article = fresh(article)
        assert (article.helpful_count, article.unhelpful_count) == (8, 4)


def test_one_reader_changing_their_answer_in_parallel_counts_once():
    for _ in range(ROUNDS):
        article = ArticleFactory()
        reader = UserFactory()

        run_together(
            [
                partial(
                    give_article_feedback,
                    article,
                    user=reader,
                    session_hash="",
                    helpful=n % 2 == 0,
                )
                for n in range(8)
            ]
        )

        article = fresh(article)
        assert article.helpful_count + article.unhelpful_count == 1
        feedback = ArticleFeedback.objects.get(article=article)
        assert (article.helpful_count == 1) is feedback.helpful


def test_parallel_anonymous_answers_from_one_session_count_once():
    for _ in range(ROUNDS):
        article = ArticleFactory()
        answer = partial(
            give_article_feedback,
            article,
            user=AnonymousUser(),
            session_hash="same-session",
            helpful=True,
        )

        run_together([answer for _ in range(6)])

        assert fresh(article).helpful_count == 1
        assert ArticleFeedback.objects.filter(article=article).count() == 1
