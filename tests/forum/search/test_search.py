"""Searching threads. The suite runs once on SQLite (FTS5) and once on PostgreSQL, so
every case here holds on both engines."""

import pytest

from forum.search import index_thread, search_threads
from forum.search.backends import get_backend
from tests.factories import PostFactory, ThreadFactory
from tests.forum.search.conftest import SEARCH_QUERIES, SYNONYM_RULES_QUERY

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [hit.thread.title for hit in results.hits]


def test_a_word_finds_the_threads_that_contain_it(indexed_thread):
    indexed_thread("Modem keeps dropping out", "Every evening around seven.")
    indexed_thread("Bill is higher than usual", "Charged twice this month.")

    results = search_threads("modem")

    assert titles(results) == ["Modem keeps dropping out"]
    assert results.total == 1
    assert results.query == "modem"


def test_words_are_stemmed(indexed_thread):
    indexed_thread("Connection drops every night", "Since the upgrade.")

    assert titles(search_threads("dropping connections")) == [
        "Connection drops every night"
    ]


def test_every_word_helps_and_none_is_required(indexed_thread):
    indexed_thread("Modem light is red", "Nothing works.")
    indexed_thread("Modem light is green", "All good.")

    assert titles(search_threads("modem red")) == [
        "Modem light is red",
        "Modem light is green",
    ]


def test_one_informative_word_in_common_is_enough(indexed_thread):
    indexed_thread("NBN drops out every evening", "Around 8pm, every night.")

    results = search_threads("my nbn is slow in the evening after dinner")

    assert titles(results) == ["NBN drops out every evening"]


def test_a_query_sharing_no_word_with_any_thread_finds_nothing(indexed_thread):
    indexed_thread("NBN drops out every evening", "Around 8pm, every night.")

    results = search_threads("qwertyuiop zxcvbnm")

    assert (results.hits, results.total) == ([], 0)


def test_title_matches_outrank_body_matches(indexed_thread, words_alone):
    indexed_thread("Internet trouble at home", "My router restarts by itself.")
    indexed_thread("Router restarts by itself", "Internet trouble at home.")
    indexed_thread("Something else entirely", "Nothing in common here.")

    assert titles(search_threads("router")) == [
        "Router restarts by itself",
        "Internet trouble at home",
    ]


def test_solved_threads_rank_higher_when_the_text_matches_equally(indexed_thread):
    indexed_thread("Voicemail stopped working", "No notifications at all.")
    indexed_thread(
        "Voicemail stopped working",
        "No notifications at all.",
        solution="Turn call forwarding off and on.",
    )

    hits = search_threads("voicemail").hits

    assert [hit.thread.is_solved for hit in hits] == [True, False]
    assert hits[0].rank > hits[1].rank


def test_threads_with_more_kudos_rank_higher_when_the_text_matches_equally(
    indexed_thread,
):
    indexed_thread("Roaming in Japan", "Does my plan cover it?", kudos_count=1)
    indexed_thread("Roaming in Japan", "Does my plan cover it?", kudos_count=40)
    indexed_thread("Roaming in Japan", "Does my plan cover it?", kudos_count=0)

    hits = search_threads("roaming japan").hits

    assert [hit.thread.kudos_count for hit in hits] == [40, 1, 0]


def test_a_quoted_phrase_matches_only_those_words_together(indexed_thread):
    indexed_thread("Light on the modem", "The red light blinks twice.")
    indexed_thread("Modem colours", "The light is red, then green.")

    assert titles(search_threads('"red light"')) == ["Light on the modem"]


def test_a_dash_excludes_a_word_or_a_phrase(indexed_thread):
    indexed_thread("Modem for the NBN", "Which one should I buy?")
    indexed_thread("Modem billing question", "Charged for a modem I returned.")
    indexed_thread("Modem for a phone plan", "Can I bundle it?")

    assert titles(search_threads('modem -billing -"phone plan"')) == [
        "Modem for the NBN"
    ]


def test_only_exclusions_find_nothing(indexed_thread):
    indexed_thread("Modem for the NBN", "Which one should I buy?")

    results = search_threads("-billing")

    assert results.hits == []
    assert results.total == 0


def test_the_board_filter_keeps_to_one_board(indexed_thread, board, other_board):
    indexed_thread("Payment failed again", "Card declined.", board=board)
    indexed_thread("Payment plan options", "Can I split it?", board=other_board)

    assert titles(search_threads("payment", board=other_board)) == [
        "Payment plan options"
    ]
    assert titles(search_threads("payment", board=board.pk)) == ["Payment failed again"]


def test_solved_only_leaves_out_unsolved_threads(indexed_thread):
    indexed_thread("eSIM activation stuck", "Still pending.")
    indexed_thread("eSIM activation slow", "Pending.", solution="Restart the phone.")

    assert titles(search_threads("esim", solved_only=True)) == ["eSIM activation slow"]


def test_the_tag_filter_accepts_a_tag_slug_or_name(indexed_thread):
    indexed_thread("Dropouts on fibre", "Every hour.", tags=("NBN Fibre",))
    indexed_thread("Dropouts on mobile", "In the city.", tags=("5G",))

    assert titles(search_threads("dropouts", tag="nbn-fibre")) == ["Dropouts on fibre"]
    assert titles(search_threads("dropouts", tag="NBN Fibre")) == ["Dropouts on fibre"]
    assert titles(search_threads("dropouts", tag="no-such-tag")) == []


def test_tags_are_searchable_words(indexed_thread):
    indexed_thread("It keeps dropping", "Every hour.", tags=("fibre",))

    assert titles(search_threads("fibre")) == ["It keeps dropping"]


def test_hidden_threads_are_never_found(indexed_thread):
    indexed_thread("Secret moderation note", "Spam about crypto.", is_hidden=True)

    assert search_threads("crypto").hits == []
    assert search_threads("crypto").total == 0


def test_a_thread_hidden_after_indexing_is_not_shown_even_before_reindexing(
    indexed_thread,
):
    thread = indexed_thread("Crypto giveaway", "Spam.")
    thread.is_hidden = True
    thread.save(update_fields=["is_hidden"])

    assert search_threads("crypto").hits == []


def test_hiding_a_thread_and_reindexing_removes_it_from_results(indexed_thread):
    thread = indexed_thread("Crypto giveaway", "Spam.")
    thread.is_hidden = True
    thread.save(update_fields=["is_hidden"])

    index_thread(thread.pk)

    assert search_threads("crypto").total == 0


def test_hidden_posts_are_never_found(indexed_thread):
    thread = indexed_thread("Slow speeds", "Since Tuesday.")
    PostFactory(thread=thread, body="Buy cheap watches here", is_hidden=True)
    index_thread(thread.pk)

    assert search_threads("watches").hits == []
    assert titles(search_threads("tuesday")) == ["Slow speeds"]


def test_replies_and_the_accepted_answer_are_searchable(indexed_thread):
    indexed_thread(
        "Slow speeds",
        "Since Tuesday.",
        replies=("Check the splitter.",),
        solution="Replace the phone cable.",
    )

    assert titles(search_threads("splitter")) == ["Slow speeds"]
    assert titles(search_threads("cable")) == ["Slow speeds"]


def test_reindexing_after_an_edit_finds_the_new_words_and_not_the_old(
    indexed_thread,
):
    thread = indexed_thread("Modem question", "My modem is a Sagemcom.")
    post = thread.first_post
    post.body = "My modem is a Netgear."
    post.body_html = "<p>My modem is a Netgear.</p>"
    post.save(update_fields=["body", "body_html"])
    thread.title = "Router question"
    thread.save(update_fields=["title"])

    index_thread(thread.pk)

    assert titles(search_threads("netgear")) == ["Router question"]
    assert titles(search_threads("router")) == ["Router question"]
    assert search_threads("sagemcom").hits == []


def test_a_deleted_thread_is_no_longer_found_and_leaves_nothing_behind(
    indexed_thread,
):
    thread = indexed_thread("Modem question", "Sagemcom.")
    thread.posts.all().delete()
    thread.delete()

    assert search_threads("sagemcom").hits == []
    assert get_backend().prune() == 0


def test_indexing_a_thread_that_no_longer_exists_is_harmless(indexed_thread):
    index_thread(987654)

    assert search_threads("anything").hits == []


def test_snippets_highlight_matches(indexed_thread):
    indexed_thread(
        "Evening dropouts",
        "The connection drops every evening, always after dinner.",
    )

    hit = search_threads("dinner").hits[0]

    assert "<mark>dinner</mark>" in hit.snippet
    assert hit.title_html == "Evening dropouts"


def test_titles_highlight_matches(indexed_thread):
    indexed_thread("Evening dropouts", "The connection is unreliable.")

    hit = search_threads("evening").hits[0]

    assert hit.title_html == "<mark>Evening</mark> dropouts"


def test_snippets_and_titles_escape_html_in_posts(indexed_thread):
    indexed_thread(
        "Fix for <b>modem</b> & router",
        "Paste <script>alert('x')</script> & when 5 > 3 the modem resets.",
    )

    hit = search_threads("modem resets").hits[0]

    assert "<script" not in hit.snippet
    assert "<b>" not in hit.title_html
    assert "&amp;" in hit.snippet
    assert "&gt; 3" in hit.snippet
    assert "<mark>modem</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.title_html
    assert "&amp; " in hit.title_html


def test_a_thread_matching_only_in_its_title_shows_the_start_of_the_question(
    indexed_thread,
):
    indexed_thread("Voicemail greeting", "How do I record a new one on Android?")

    hit = search_threads("voicemail").hits[0]

    assert "record a new one" in hit.snippet
    assert "<mark>" not in hit.snippet


def test_results_are_paginated_and_each_page_is_distinct(board):
    for number in range(7):
        ThreadFactory(board=board, title=f"Outage report {number}", body="Outage.")
    for thread in board.threads.all():
        index_thread(thread.pk)

    first = search_threads("outage", per_page=3)
    second = search_threads("outage", per_page=3, page=2)
    third = search_threads("outage", per_page=3, page=3)

    assert (first.total, first.has_next, first.has_previous) == (7, True, False)
    assert (second.has_next, second.has_previous) == (True, True)
    assert (len(third.hits), third.has_next) == (1, False)
    pages = titles(first) + titles(second) + titles(third)
    assert len(set(pages)) == 7


def test_a_page_holds_at_most_fifty_results(board):
    for number in range(55):
        ThreadFactory(board=board, title=f"Outage {number}", body="Outage.")
    for thread in board.threads.all():
        index_thread(thread.pk)

    results = search_threads("outage", per_page=500)

    assert (len(results.hits), results.per_page) == (50, 50)
    assert (results.total, results.has_next) == (55, True)
    assert len(search_threads("outage", per_page=500, page=2).hits) == 5


def test_page_and_page_size_are_clamped(indexed_thread):
    indexed_thread("Outage in Perth", "Since noon.")

    results = search_threads("outage", page=-3, per_page=0)

    assert (results.page, results.per_page) == (1, 1)
    assert titles(results) == ["Outage in Perth"]


def test_a_page_past_the_end_is_empty_but_knows_the_total(indexed_thread):
    indexed_thread("Outage in Perth", "Since noon.")

    results = search_threads("outage", page=9)

    assert (results.hits, results.total, results.has_next) == ([], 1, False)


def test_hits_carry_their_board_without_more_queries(
    indexed_thread, django_assert_num_queries
):
    indexed_thread("Outage in Perth", "Since noon.")

    with django_assert_num_queries(SEARCH_QUERIES + SYNONYM_RULES_QUERY):
        hit = search_threads("outage").hits[0]
        assert hit.thread.board.name != ""


def test_a_thread_matching_only_in_a_reply_shows_that_reply_in_its_snippet(
    indexed_thread,
):
    indexed_thread(
        "Evening dropouts",
        "The connection drops every evening.",
        replies=("Swapping the splitter fixed it for me.",),
    )

    hit = search_threads("splitter").hits[0]

    assert "<mark>splitter</mark>" in hit.snippet
    assert "every evening" not in hit.snippet


def test_a_thread_matching_in_its_question_and_a_reply_quotes_the_question(
    indexed_thread,
):
    indexed_thread(
        "Evening dropouts",
        "The splitter might be faulty, it drops every evening.",
        replies=("A new splitter fixed it for me.",),
    )

    hit = search_threads("splitter").hits[0]

    assert "every evening" in hit.snippet
    assert "fixed it for me" not in hit.snippet


def test_an_empty_query_does_not_touch_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search_threads("  ?!  ")

    assert (results.query, results.hits, results.total) == ("", [], 0)
