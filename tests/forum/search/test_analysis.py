"""One analyser for documents and queries, on both engines."""

import pytest

from forum.search import analysis, search_threads

pytestmark = pytest.mark.django_db


def test_accents_compatibility_forms_and_case_fold_away():
    assert analysis.terms("Café ＥＳＩＭ") == analysis.terms("cafe esim")


def test_a_compound_is_indexed_every_way_customers_spell_it():
    assert analysis.terms("Wi-Fi calling") == ["wi", "fi", "wifi", "call"]
    assert analysis.terms("wi-fi", query=True) == ["wifi"]


def test_possessives_and_contractions_join_their_word():
    assert analysis.terms("the NBN's box can't") == ["nbn", "box", "cant"]


def test_stop_words_go_and_words_are_stemmed():
    assert analysis.terms("it keeps dropping") == analysis.terms("keep drops")


def test_variants_of_a_query_share_one_key():
    assert analysis.query_key("NBN slow in the evening") == analysis.query_key(
        "evening: nbn is SLOW"
    )
    assert analysis.query_key("how do I") == ""


def test_token_spans_point_at_the_original_text():
    text = "Wi-Fi drops"

    spans = [
        (text[start:end], found) for start, end, found in analysis.token_spans(text)
    ]

    assert spans == [("Wi-Fi", {"wi", "fi", "wifi"}), ("drops", {"drop"})]


@pytest.mark.parametrize("query", ["wifi", "wi fi", "wi-fi", "WI-FI"])
def test_every_spelling_of_a_compound_finds_it(indexed_thread, query):
    indexed_thread("Wi-Fi doesn't reach the bedroom", "Two floors up.")

    assert [hit.thread.title for hit in search_threads(query).hits] == [
        "Wi-Fi doesn't reach the bedroom"
    ]


def test_slashed_words_are_separate_words_on_both_engines(indexed_thread):
    # PostgreSQL's own parser reads "FTTP/HFC/fixed" as one file path.
    indexed_thread("Which plans work on FTTP/HFC/fixed wireless?", "Moving soon.")

    assert search_threads("hfc").total == 1
    assert search_threads("fttp").total == 1


def test_accented_text_is_found_without_its_accents(indexed_thread):
    indexed_thread("Roaming in Curaçao", "Café wifi only.")

    assert search_threads("curacao").total == 1
    assert search_threads("CAFÉ").total == 1
