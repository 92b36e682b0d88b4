import pytest
from django.db import connection

from forum.search import similar_solved_threads

pytestmark = pytest.mark.django_db

# On PostgreSQL the search runs in a savepoint with its own statement_timeout:
# SAVEPOINT, set_config, RESET and RELEASE around the one search statement.
SEARCH_BOUND_QUERIES = 4 if connection.vendor == "postgresql" else 0


def test_similar_threads_share_any_significant_word_of_the_draft(indexed_thread):
    indexed_thread("Voicemail not working", "Since the update.", solution="Reset.")
    indexed_thread("Bill shows roaming", "I never left.", solution="A refund.")
    indexed_thread("Unrelated question", "Nothing here.", solution="Answer.")

    similar = similar_solved_threads("How do I stop roaming charges on voicemail?")

    assert {thread.title for thread in similar} == {
        "Voicemail not working",
        "Bill shows roaming",
    }


def test_similar_threads_are_solved_and_public_only(indexed_thread):
    indexed_thread("Voicemail not working", "Since the update.")
    indexed_thread("Voicemail spam", "Buy now.", solution="Hidden.", is_hidden=True)
    indexed_thread("Voicemail greeting", "How to record?", solution="Dial 101.")

    similar = similar_solved_threads("voicemail")

    assert [thread.title for thread in similar] == ["Voicemail greeting"]


def test_similar_threads_matching_more_words_come_first(indexed_thread):
    indexed_thread("Voicemail setup", "New phone.", solution="Dial 101.")
    indexed_thread("Voicemail pin reset", "Forgot it.", solution="Use the app.")

    similar = similar_solved_threads("reset my voicemail pin")

    assert [thread.title for thread in similar] == [
        "Voicemail pin reset",
        "Voicemail setup",
    ]


def test_similar_threads_respect_the_limit_and_load_the_board(
    indexed_thread, django_assert_num_queries
):
    for number in range(4):
        indexed_thread(f"Voicemail question {number}", "Help.", solution="Done.")

    with django_assert_num_queries(2 + SEARCH_BOUND_QUERIES):
        similar = similar_solved_threads("voicemail", limit=3)
        assert all(thread.board.name for thread in similar)

    assert len(similar) == 3


def test_a_draft_of_only_stop_words_suggests_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert similar_solved_threads("How do I ...?") == []
