"""The vocabulary's counts stay exact through every change, and misspelt words are
corrected against it."""

import pytest

from forum.moderation.services import hide_post, restore_post
from forum.search import index_thread, search_threads, vocabulary
from forum.search.models import SearchStats, SearchTerm
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def counts(*terms: str) -> dict[str, int]:
    found = dict(
        SearchTerm.objects.filter(term__in=terms).values_list("term", "doc_count")
    )
    return {term: found.get(term, 0) for term in terms}


def test_indexing_counts_each_public_document_once_per_term(indexed_thread):
    indexed_thread("Modem modem modem", "The modem again.")
    indexed_thread("Modem lights", "Orange.")

    assert counts("modem", "orang", "light") == {"modem": 2, "orang": 1, "light": 1}
    stats = SearchStats.objects.get(pk=1)
    assert stats.documents == 2
    assert stats.title_terms == 3 + 2


def test_a_new_reply_adds_only_its_new_words(indexed_thread):
    thread = indexed_thread("Modem lights", "Orange.")

    PostFactory(thread=thread, body="Try the modem reset button.")
    index_thread(thread.pk)

    assert counts("modem", "reset", "button") == {"modem": 1, "reset": 1, "button": 1}


def test_hiding_a_thread_uncounts_it_and_restoring_counts_it_again(
    indexed_thread, moderator
):
    thread = indexed_thread("Voicemail greeting", "How to record it?")

    hide_post(thread.first_post, by=moderator, reason="Spam")
    hidden = counts("voicemail", "greet")
    restore_post(thread.first_post, by=moderator)

    assert hidden == {"voicemail": 0, "greet": 0}
    assert counts("voicemail", "greet") == {"voicemail": 1, "greet": 1}
    assert SearchStats.objects.get(pk=1).documents == 1


def test_deleting_a_thread_uncounts_its_words(indexed_thread):
    thread = indexed_thread("Voicemail greeting", "How to record it?")

    thread.delete()

    assert counts("voicemail", "record") == {"voicemail": 0, "record": 0}
    assert SearchStats.objects.get(pk=1).documents == 0


def test_a_recount_agrees_with_the_counts_kept_as_it_went(indexed_thread):
    indexed_thread("Modem lights", "Orange modem.", replies=("Reset it.",))
    indexed_thread("Bill shock", "Roaming charges.", solution="Refund.")
    kept = dict(SearchTerm.objects.values_list("term", "doc_count"))
    stats = SearchStats.objects.values().get(pk=1)

    SearchTerm.objects.update(doc_count=99)
    SearchStats.objects.update(documents=0, title_terms=0)
    vocabulary.recount()

    assert dict(SearchTerm.objects.values_list("term", "doc_count")) == kept
    assert SearchStats.objects.values().get(pk=1) == stats


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit():
    assert vocabulary.edit_distance("recieve", "receive") == 1
    assert vocabulary.edit_distance("modum", "modem") == 1
    assert vocabulary.edit_distance("modem", "router") > 2


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("voicemial", "voicemail"), ("modum", "modem"), ("techinician", "technician")],
)
def test_a_misspelt_word_finds_its_threads_and_offers_a_correction(
    indexed_thread, typed, meant
):
    indexed_thread("Voicemail full", "The modem technician came.")
    indexed_thread("Bill shock", "Roaming charges.")

    results = search_threads(f"{typed} problem")

    assert [hit.thread.title for hit in results.hits][0] == "Voicemail full"
    assert results.suggestion == f"{meant} problem"


def test_model_numbers_and_short_words_are_never_corrected(indexed_thread):
    indexed_thread("Galaxy S23 screen", "Cracked the S23 screen.")

    assert search_threads("s24").suggestion == ""
    assert search_threads("scren").suggestion == "screen"
    assert search_threads("scn").suggestion == ""


def test_a_known_word_is_not_corrected(indexed_thread):
    indexed_thread("Model of the modem", "Which model?")

    assert search_threads("model").suggestion == ""


def test_a_short_stem_one_letter_from_another_is_not_a_typo(
    indexed_thread, words_alone
):
    indexed_thread("Bank says the card is fine", "Declined anyway.")

    assert search_threads("paying").suggestion == ""
