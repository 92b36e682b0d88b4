import pytest
from django.core.management import call_command
from django.db import connection

from forum.search import index_thread, search_threads
from forum.search.indexing import (
    BODY_MAX_CHARS,
    REPLIES_MAX_CHARS,
    REPLIES_MAX_POSTS,
    TAGS_MAX_CHARS,
    plain_text,
    popularity,
)
from forum.search.models import ThreadDocument
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_the_document_holds_title_question_answer_tags_and_replies(indexed_thread):
    thread = indexed_thread(
        "Slow speeds",
        "Since **Tuesday**.",
        replies=("Check the splitter.",),
        solution="Replace the cable.",
        tags=("nbn",),
        kudos_count=3,
    )

    document = ThreadDocument.objects.get(thread=thread)

    assert document.title == "Slow speeds"
    assert document.body == "Since Tuesday. Replace the cable. nbn"
    assert document.replies == "Check the splitter."
    assert (document.is_public, document.is_solved, document.kudos_count) == (
        True,
        True,
        3,
    )
    assert document.board_id == thread.board_id
    assert document.popularity == popularity(is_solved=True, kudos_count=3)


def test_hidden_posts_are_left_out_of_the_document(indexed_thread):
    thread = indexed_thread("Slow speeds", "Since Tuesday.")
    PostFactory(thread=thread, body="Spam link", is_hidden=True)
    thread.first_post.is_hidden = True
    thread.first_post.save(update_fields=["is_hidden"])

    index_thread(thread.pk)

    document = ThreadDocument.objects.get(thread=thread)
    assert (document.body, document.replies) == ("", "")


def test_solved_and_kudos_raise_popularity_within_bounds():
    plain = popularity(is_solved=False, kudos_count=0)
    solved = popularity(is_solved=True, kudos_count=0)
    loved = popularity(is_solved=False, kudos_count=50)
    both = popularity(is_solved=True, kudos_count=10**9)

    assert plain == 1.0
    assert plain < loved < solved < both <= 2.0


def test_huge_threads_give_bounded_documents(board):
    thread = ThreadFactory(board=board, body="word " * 5_000)
    for _ in range(REPLIES_MAX_POSTS + 5):
        PostFactory(thread=thread, body="reply " * 1_000)
    PostFactory(thread=thread, body="latecomer")

    index_thread(thread.pk)

    document = ThreadDocument.objects.get(thread=thread)
    assert len(document.body) <= BODY_MAX_CHARS + TAGS_MAX_CHARS + 1
    assert len(document.replies) <= REPLIES_MAX_CHARS
    assert "latecomer" not in document.replies


def test_tags_stay_searchable_on_a_very_long_question(indexed_thread):
    indexed_thread("Long story", "word " * 5_000, tags=("fibre",))

    assert [hit.thread.title for hit in search_threads("fibre").hits] == ["Long story"]


def test_only_the_first_replies_are_indexed(board):
    thread = ThreadFactory(board=board)
    for number in range(REPLIES_MAX_POSTS + 1):
        PostFactory(thread=thread, body=f"reply{number}")

    index_thread(thread.pk)

    replies = ThreadDocument.objects.get(thread=thread).replies.split()
    assert replies[0] == "reply0"
    assert len(replies) == REPLIES_MAX_POSTS


def test_post_html_becomes_plain_text_with_entities_decoded():
    text = plain_text(
        "<p>AT&amp;T &lt;script&gt;</p>\n<ul><li>one</li><li>two</li></ul>"
    )

    assert text == "AT&T <script> one two"


def test_indexing_a_deleted_thread_removes_its_document(indexed_thread):
    thread = indexed_thread("Slow speeds", "Since Tuesday.")
    ThreadDocument.objects.filter(thread=thread).update(title="stale")
    thread_id = thread.pk
    thread.posts.all().delete()
    thread.delete()

    index_thread(thread_id)

    assert not ThreadDocument.objects.filter(thread_id=thread_id).exists()


def test_the_rebuild_command_indexes_every_thread_in_batches(board):
    threads = [ThreadFactory(board=board, title=f"Outage {n}") for n in range(5)]
    hidden = ThreadFactory(board=board, title="Outage hidden", is_hidden=True)

    call_command("rebuild_search_index", batch_size=2, verbosity=0)

    assert ThreadDocument.objects.count() == 6
    assert search_threads("outage").total == 5
    assert hidden.pk not in {hit.thread.pk for hit in search_threads("outage").hits}
    assert {hit.thread.pk for hit in search_threads("outage").hits} == {
        thread.pk for thread in threads
    }


def test_the_rebuild_command_replaces_stale_documents(indexed_thread, capsys):
    thread = indexed_thread("Outage in Perth", "Since noon.")
    thread.title = "Outage in Darwin"
    thread.save(update_fields=["title"])

    call_command("rebuild_search_index")

    assert [hit.thread.title for hit in search_threads("darwin").hits] == [
        "Outage in Darwin"
    ]
    assert search_threads("perth").hits == []
    assert "Rebuilt 1 search documents" in capsys.readouterr().out


def test_rebuilding_twice_gives_the_same_results(indexed_thread):
    indexed_thread("Outage in Perth", "Since noon.")

    call_command("rebuild_search_index", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)

    assert search_threads("perth").total == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
)
def test_a_rebuild_leaves_the_planner_knowing_how_common_each_word_is(
    indexed_thread,
):
    indexed_thread("Outage in Perth", "Since noon.")
    indexed_thread("Outage in Darwin", "Since dawn.")

    call_command("rebuild_search_index", verbosity=0)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems FROM pg_stats"
            " WHERE tablename = 'search_threaddocument' AND attname = 'search_vector'"
        )
        (words,) = cursor.fetchone()
    assert "outag" in words


def test_after_migrating_every_thread_without_a_document_is_indexed(board):
    from forum.search.apps import index_missing_documents

    threads = [ThreadFactory(board=board, title=f"Outage {n}") for n in range(3)]
    ThreadDocument.objects.filter(thread_id=threads[0].pk).delete()

    index_missing_documents(using="default", verbosity=0)

    assert ThreadDocument.objects.count() == 3
    assert search_threads("outage").total == 3


def test_indexing_on_migrate_can_be_switched_off(board, settings):
    from forum.search.apps import index_missing_documents

    settings.SEARCH_INDEX_ON_MIGRATE = False
    ThreadFactory(board=board, title="Outage")

    index_missing_documents(using="default", verbosity=0)

    assert not ThreadDocument.objects.exists()


def test_kudos_move_the_documents_count_with_the_threads(indexed_thread, customer):
    from forum import services

    thread = indexed_thread("Outage in Perth", "Since noon.", replies=("Same here",))
    reply = thread.posts.exclude(pk=thread.first_post_id).get()

    services.give_kudos(reply, by=customer)

    assert ThreadDocument.objects.get(thread=thread).kudos_count == 1
