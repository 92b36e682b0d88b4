"""Meaning as well as words: the bundled embedding model, the vectors each process
keeps, and the fallback to words alone."""

import socket

import numpy as np
import pytest

from forum.search import engine, search_threads, semantic, vectors
from forum.search.models import ThreadDocument

pytestmark = pytest.mark.django_db

PARAPHRASE = "visa refused when paying"
ANSWER = "Payment declined on my card"


@pytest.fixture
def paraphrased(indexed_thread):
    """A thread that shares no word with PARAPHRASE, and one that shares a word."""
    indexed_thread(ANSWER, "The bank says the card is fine.")
    indexed_thread("Refused a new SIM at the store", "They wanted two IDs.")
    indexed_thread("Cracked phone screen repair", "The glass shattered.")


def titles(query: str) -> list[str]:
    return [hit.thread.title for hit in search_threads(query).hits]


def test_meaning_finds_a_thread_that_shares_no_word_with_the_query(paraphrased):
    assert ANSWER in titles(PARAPHRASE)


def test_words_alone_cannot_find_it(paraphrased, words_alone):
    assert titles(PARAPHRASE) == ["Refused a new SIM at the store"]


def test_the_model_loads_from_the_package_without_any_network(monkeypatch):
    semantic.reset_model()

    def no_network(*args, **kwargs):
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    model = semantic.get_model()

    assert model is not None
    vector = model.embed("modem lights")
    assert vector.shape == (semantic.DIMENSIONS,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_a_model_that_fails_to_load_leaves_words_alone(paraphrased, monkeypatch):
    semantic.reset_model()
    monkeypatch.setattr(
        semantic, "_package_folder", lambda: (_ for _ in ()).throw(OSError("gone"))
    )

    results = search_threads(PARAPHRASE, explain=True)

    assert [hit.thread.title for hit in results.hits] == [
        "Refused a new SIM at the store"
    ]
    assert "failed to load (OSError: gone)" in results.meaning_status
    assert results.hits[0].explanation.meaning is None
    semantic.reset_model()


def test_switched_off_the_explanation_says_so(paraphrased, words_alone):
    results = search_threads(PARAPHRASE, explain=True)

    assert "switched off" in results.meaning_status


def test_documents_store_their_vector_and_tokens(paraphrased):
    document = ThreadDocument.objects.get(title=ANSWER)

    assert len(bytes(document.vector)) == semantic.DIMENSIONS * 2
    assert len(semantic.tokens_from_bytes(document.token_ids)) > 5


def test_the_vectors_in_memory_follow_new_hidden_and_deleted_threads(indexed_thread):
    query = semantic.get_model().embed("voicemail full")
    first = indexed_thread("Voicemail full", "Mailbox says full.")
    assert [
        pk
        for pk, _ in vectors.nearest(query, limit=5, board_id=None, solved_only=False)
    ] == [first.pk]

    second = indexed_thread("Voicemail greeting", "How to record?")
    found = vectors.nearest(query, limit=5, board_id=None, solved_only=False)
    assert {pk for pk, _ in found} == {first.pk, second.pk}

    first.is_hidden = True
    first.save(update_fields=["is_hidden"])
    from forum.search import index_thread

    index_thread(first.pk)
    found = vectors.nearest(query, limit=5, board_id=None, solved_only=False)
    assert found[0][0] == second.pk
    assert [score for pk, score in found if pk == first.pk] in ([], [0.0])


def test_meaning_respects_the_board_and_solved_filters(indexed_thread, other_board):
    query = semantic.get_model().embed("voicemail full")
    here = indexed_thread("Voicemail full", "Mailbox says full.", solution="Delete.")
    indexed_thread("Voicemail full again", "Same.", board=other_board)

    on_board = vectors.nearest(
        query, limit=5, board_id=here.board_id, solved_only=False
    )
    solved = vectors.nearest(query, limit=5, board_id=None, solved_only=True)

    assert [pk for pk, _ in on_board] == [here.pk]
    assert [pk for pk, _ in solved] == [here.pk]


def test_the_vectors_are_looked_at_no_more_often_than_the_setting_says(
    indexed_thread, settings, django_assert_num_queries
):
    settings.SEARCH_VECTOR_REFRESH_SECONDS = 3600
    query = semantic.get_model().embed("voicemail full")
    first = indexed_thread("Voicemail full", "Mailbox says full.")
    vectors.nearest(query, limit=5, board_id=None, solved_only=False)
    indexed_thread("Voicemail greeting", "How to record?")

    with django_assert_num_queries(0):
        found = vectors.nearest(query, limit=5, board_id=None, solved_only=False)

    assert [pk for pk, _ in found] == [first.pk]


def test_past_the_rerank_depth_the_best_are_ranked_again_ahead_of_the_rest(
    indexed_thread, monkeypatch
):
    monkeypatch.setattr(engine, "MEANING_RERANK_DEPTH", 2)
    for number in range(5):
        indexed_thread(f"Modem fault number {number}", "The modem shows a fault.")

    results = search_threads("modem fault", explain=True)

    assert results.total == 5
    head, tail = results.hits[:2], results.hits[2:]
    # The head's tokens were matched; the rest kept the cosine in their place.
    assert all(
        hit.explanation.candidate.token_match != hit.explanation.candidate.cosine
        for hit in head
    )
    assert all(
        hit.explanation.candidate.token_match == hit.explanation.candidate.cosine
        for hit in tail
    )
    ranks = [hit.rank for hit in tail]
    assert ranks == sorted(ranks, reverse=True)
