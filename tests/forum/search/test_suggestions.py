"""Suggestions while a question is being written: the same engine as the search
page, unsolved threads too, solved ones first."""

import pytest

from forum.search import suggest_threads
from tests.forum.search.conftest import SEARCH_QUERIES, SYNONYM_RULES_QUERY

pytestmark = pytest.mark.django_db


def test_suggestions_find_threads_that_share_a_word_with_the_draft(indexed_thread):
    indexed_thread("Voicemail not working", "Since the update.", solution="Reset.")
    indexed_thread("Bill shows roaming", "I never left.", solution="A refund.")

    suggested = suggest_threads("How do I stop roaming charges on voicemail?")

    assert {thread.title for thread in suggested} == {
        "Voicemail not working",
        "Bill shows roaming",
    }


def test_suggestions_include_unsolved_threads_after_solved_ones(indexed_thread):
    indexed_thread("Voicemail greeting won't record", "Tried twice, no luck.")
    indexed_thread("Voicemail greeting", "How to record?", solution="Dial 101.")

    suggested = suggest_threads("record a voicemail greeting")

    assert [thread.title for thread in suggested] == [
        "Voicemail greeting",
        "Voicemail greeting won't record",
    ]
    assert [thread.is_solved for thread in suggested] == [True, False]


def test_suggestions_never_include_hidden_or_pending_threads(indexed_thread):
    indexed_thread("Voicemail spam", "Buy now.", solution="Hidden.", is_hidden=True)
    indexed_thread("Voicemail offer", "Sign up.", is_approved=False)
    indexed_thread("Voicemail greeting", "How to record?", solution="Dial 101.")

    suggested = suggest_threads("voicemail")

    assert [thread.title for thread in suggested] == ["Voicemail greeting"]


def test_suggestions_respect_the_limit_and_load_the_board(
    indexed_thread, django_assert_num_queries
):
    for number in range(4):
        indexed_thread(f"Voicemail question {number}", "Help.", solution="Done.")

    with django_assert_num_queries(SEARCH_QUERIES + SYNONYM_RULES_QUERY):
        suggested = suggest_threads("voicemail", limit=3)
        assert all(thread.board.name for thread in suggested)

    assert len(suggested) == 3


def test_a_draft_of_only_stop_words_suggests_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert suggest_threads("How do I ...?") == []
