"""A query's ranking is kept for a minute, and no change to the index outlives it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.search import index_thread, search_threads, suggest_threads, synonyms
from forum.search.indexing import count_kudos
from forum.search.models import Synonym
from forum.search.services import save_synonym
from tests.forum.search.conftest import CACHED_SEARCH_QUERIES, SEARCH_QUERIES


def queries_of(search) -> int:
    with CaptureQueriesContext(connection) as queries:
        search()
    return len(queries)


def test_the_same_search_again_reads_its_ranking_from_the_cache(indexed_thread):
    indexed_thread("Modem keeps restarting", "The lights flash.")
    indexed_thread("Modem restart schedule", "Every night.")
    first = search_threads("modem restart")

    assert queries_of(lambda: search_threads("modem restart")) == (
        CACHED_SEARCH_QUERIES
    )
    again = search_threads("modem restart")
    assert [hit.thread.pk for hit in again.hits] == [
        hit.thread.pk for hit in first.hits
    ]
    assert [hit.rank for hit in again.hits] == [hit.rank for hit in first.hits]
    # The next page and the suggestions read the same ranking.
    assert queries_of(lambda: search_threads("modem restart", page=2)) <= (
        CACHED_SEARCH_QUERIES
    )
    assert [t.pk for t in suggest_threads("modem restart")] == [
        hit.thread.pk for hit in first.hits
    ]


def test_a_newly_indexed_thread_is_found_at_once(indexed_thread):
    indexed_thread("Modem keeps restarting", "The lights flash.")
    assert search_threads("modem").total == 1

    indexed_thread("New modem firmware", "Version 2.")

    assert search_threads("modem").total == 2


def test_a_thread_removed_from_the_index_is_gone_at_once(indexed_thread):
    thread = indexed_thread("Crypto giveaway", "Spam.")
    assert search_threads("crypto").total == 1

    thread.is_hidden = True
    thread.save(update_fields=["is_hidden"])
    index_thread(thread.pk)

    assert search_threads("crypto").total == 0


def test_kudos_that_change_the_order_change_it_at_once(indexed_thread, words_alone):
    first = indexed_thread("Roaming in Japan", "Does my plan cover it?")
    second = indexed_thread("Roaming in Japan", "Does my plan cover it?")
    before = [hit.thread.pk for hit in search_threads("roaming japan").hits]

    count_kudos(before[-1], delta=50)

    after = [hit.thread.pk for hit in search_threads("roaming japan").hits]
    assert after == list(reversed(before))
    assert set(after) == {first.pk, second.pk}


def test_filters_and_synonyms_rank_apart(
    indexed_thread, board, other_board, manager, words_alone
):
    Synonym.objects.all().delete()
    synonyms.forget_rules()
    indexed_thread("Invoice is wrong", "Charged twice.", board=other_board)
    indexed_thread("Bill arrived late", "Paper bill.", board=board)
    before = search_threads("invoice").total

    save_synonym(phrases="bill, invoice", two_way=True, by=manager)

    assert before == 1
    assert search_threads("invoice").total == 2
    assert search_threads("invoice", board=board).total == 1


def test_staff_explanations_rank_afresh(indexed_thread):
    indexed_thread("Modem keeps restarting", "The lights flash.")
    search_threads("modem")

    with CaptureQueriesContext(connection) as queries:
        results = search_threads("modem", explain=True)

    assert results.hits[0].explanation.text > 0
    assert len(queries) > CACHED_SEARCH_QUERIES


def test_switched_off_every_search_ranks_afresh(indexed_thread, settings):
    settings.SEARCH_RANKING_CACHE_SECONDS = 0
    indexed_thread("Modem keeps restarting", "The lights flash.")
    search_threads("modem")

    assert queries_of(lambda: search_threads("modem")) >= SEARCH_QUERIES - 1
