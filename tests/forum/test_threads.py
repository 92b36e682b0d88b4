import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import timezone

from accounts.models import User
from forum import limits, search, services
from forum.models import Board, Post, PostRevision, Thread, ThreadFollow
from forum.services import thread_views
from tests.factories import NewUserFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(board, author, **overrides):
    fields = {
        "board": board,
        "author": author,
        "title": "Modem keeps rebooting at night",
        "body": "It restarts around 2am every night.",
        "tags": "modem",
    }
    return services.create_thread(**(fields | overrides))


def test_asking_creates_the_thread_its_first_post_and_a_follow(board, customer):
    thread = ask(board, customer, tags="Modem, firmware , modem")

    assert thread.first_post.body == "It restarts around 2am every night."
    assert thread.first_post.body_html.startswith("<p>It restarts")
    assert thread.slug == "modem-keeps-rebooting-at-night"
    assert sorted(t.name for t in thread.tags.all()) == ["firmware", "modem"]
    assert ThreadFollow.objects.filter(thread=thread, user=customer).exists()
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 1)
    customer.refresh_from_db()
    assert customer.post_count == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "short"}, "title"),
        ({"title": "x" * (limits.TITLE_MAX_LENGTH + 1)}, "title"),
        ({"body": " "}, "body"),
        ({"body": "x" * (limits.BODY_MAX_LENGTH + 1)}, "body"),
        ({"tags": "a, b, c, d, e, f"}, "tags"),
        ({"tags": "<script>"}, "tags"),
        ({"tags": "x" * (limits.TAG_MAX_LENGTH + 1)}, "tags"),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_stored(
    board, customer, overrides, field
):
    with pytest.raises(ValidationError) as error:
        ask(board, customer, **overrides)

    assert field in error.value.message_dict
    assert not Thread.objects.exists()
    assert not Post.objects.exists()


def test_nul_bytes_and_control_characters_are_dropped(board, customer):
    thread = ask(board, customer, title="Modem\x00 reboots\x07 at night")

    assert thread.title == "Modem reboots at night"


def test_a_double_submitted_question_is_stored_once(board, customer):
    first = ask(board, customer)
    second = ask(board, customer)

    assert first.pk == second.pk
    assert Thread.objects.count() == 1


def test_the_same_question_later_is_a_new_thread(board, customer):
    first = ask(board, customer)
    Thread.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )

    assert ask(board, customer).pk != first.pk


def test_visitors_cannot_ask(board):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        ask(board, AnonymousUser())


def test_a_reply_updates_counters_activity_and_first_response(question, other_customer):
    before = question.last_activity_at

    reply = services.post_reply(question, author=other_customer, body="Try a reset.")

    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.last_activity_at > before
    assert question.last_poster == other_customer
    assert question.first_response_at == reply.created_at
    assert ThreadFollow.objects.filter(thread=question, user=other_customer).exists()
    question.board.refresh_from_db()
    assert question.board.post_count == 2


def test_the_askers_own_reply_is_not_a_first_response(question, customer):
    services.post_reply(question, author=customer, body="Still happening tonight.")

    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.first_response_at is None


def test_the_first_response_time_is_kept_from_the_first_helper(
    question, other_customer
):
    first = services.post_reply(question, author=other_customer, body="First idea.")
    services.post_reply(question, author=UserFactory(), body="Second idea.")

    question.refresh_from_db()
    assert question.first_response_at == first.created_at


def test_a_double_submitted_reply_is_stored_once(question, other_customer):
    services.post_reply(question, author=other_customer, body="Try a reset.")
    services.post_reply(question, author=other_customer, body="Try a reset.")

    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.posts.count() == 2


def test_locked_threads_take_no_replies_from_members(question, other_customer):
    Thread.objects.filter(pk=question.pk).update(is_locked=True)

    with pytest.raises(PermissionDenied, match="locked"):
        services.post_reply(question, author=other_customer, body="Hello?")

    question.refresh_from_db()
    assert question.reply_count == 0


def test_moderators_may_reply_to_locked_threads(question, moderator):
    Thread.objects.filter(pk=question.pk).update(is_locked=True)

    services.post_reply(question, author=moderator, body="Closing note.")

    question.refresh_from_db()
    assert question.reply_count == 1


def test_hidden_threads_take_no_replies(question, other_customer):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    with pytest.raises(PermissionDenied):
        services.post_reply(question, author=other_customer, body="Hello?")


def test_editing_keeps_the_previous_version(question, customer):
    post = question.first_post

    services.edit_post(
        post,
        by=customer,
        body="It restarts at 3am, not 2am.",
        title="Modem reboots at 3am",
        tags="modem",
    )

    post.refresh_from_db()
    question.refresh_from_db()
    assert post.body == "It restarts at 3am, not 2am."
    assert post.edited_by == customer and post.edited_at is not None
    assert question.title == "Modem reboots at 3am"
    assert question.slug == "modem-reboots-at-3am"
    assert [t.name for t in question.tags.all()] == ["modem"]
    revision = PostRevision.objects.get(post=post)
    assert revision.body.startswith("Every night around 8pm")
    assert revision.title == "NBN drops out every evening"


def test_members_cannot_edit_other_peoples_posts(question, other_customer):
    with pytest.raises(PermissionDenied):
        services.edit_post(question.first_post, by=other_customer, body="Vandalised")

    question.first_post.refresh_from_db()
    assert question.first_post.body.startswith("Every night")
    assert not PostRevision.objects.exists()


def test_moderators_can_edit_any_post(answer, moderator):
    services.edit_post(answer, by=moderator, body="Edited for clarity.")

    answer.refresh_from_db()
    assert answer.body == "Edited for clarity."


def test_counting_a_view_is_one_update(question, django_assert_num_queries):
    with django_assert_num_queries(1):
        services.record_thread_view(question.pk)

    question.refresh_from_db()
    assert question.view_count == 1


@pytest.fixture
def batched_views(settings):
    settings.THREAD_VIEW_FLUSH_SECONDS = 60
    thread_views.flush_thread_views()  # starts the interval now
    yield
    thread_views.flush_thread_views()


def test_views_are_written_together_once_the_interval_passes(
    batched_views, question, board, django_assert_num_queries, monkeypatch
):
    other = ThreadFactory(board=board)
    with django_assert_num_queries(0):
        for thread in (question, question, other, question):
            services.record_thread_view(thread.pk)
    assert thread_views.pending_thread_views() == {question.pk: 3, other.pk: 1}

    monkeypatch.setattr(thread_views, "_last_flush", time.monotonic() - 61)
    with django_assert_num_queries(1):
        services.record_thread_view(other.pk)

    question.refresh_from_db()
    other.refresh_from_db()
    assert (question.view_count, other.view_count) == (3, 2)
    assert thread_views.pending_thread_views() == {}


def test_views_a_failed_write_could_not_store_wait_for_the_next(
    batched_views, question, monkeypatch
):
    services.record_thread_view(question.pk)

    def database_down(counts):
        raise OperationalError("the database is down")

    with monkeypatch.context() as patched:
        patched.setattr(thread_views, "_add_views", database_down)
        assert services.flush_thread_views() == 0
    services.record_thread_view(question.pk)

    assert services.flush_thread_views() == 1
    question.refresh_from_db()
    assert question.view_count == 2


def test_deleting_a_board_with_threads_is_refused(question):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Board.objects.filter(pk=question.board_id).delete()
    assert User.objects.exists()


def _publish_thread(board, author, thread):
    return ask(board, author, title="Another modem question here").first_post


def _publish_reply(board, author, thread):
    return services.post_reply(thread, author=author, body="Same here since Tuesday.")


PUBLISHERS = [
    pytest.param(_publish_thread, 1, id="thread"),
    pytest.param(_publish_reply, 0, id="reply"),
]


@pytest.fixture
def indexed(monkeypatch) -> list[int]:
    """The ids of the threads sent to the search index, in order."""
    calls = []
    monkeypatch.setattr(search, "index_thread", calls.append)
    return calls


@pytest.mark.parametrize(("publish", "new_threads"), PUBLISHERS)
def test_a_public_post_is_counted_indexed_and_followed_by_both_services(
    board, indexed, publish, new_threads
):
    author = UserFactory()

    post = publish(board, author, ThreadFactory(board=board))

    board.refresh_from_db()
    author.refresh_from_db()
    assert (board.thread_count, board.post_count, author.post_count) == (
        new_threads,
        1,
        1,
    )
    assert indexed == [post.thread_id]
    assert ThreadFollow.objects.filter(thread=post.thread, user=author).exists()


@pytest.mark.parametrize(("publish", "new_threads"), PUBLISHERS)
def test_a_held_post_is_followed_but_not_counted_nor_indexed_by_both_services(
    board, settings, indexed, publish, new_threads
):
    settings.MODERATION_APPROVAL_FIRST_POSTS = 1
    newcomer = NewUserFactory()

    post = publish(board, newcomer, ThreadFactory(board=board))

    board.refresh_from_db()
    newcomer.refresh_from_db()
    assert not post.is_approved
    assert (board.thread_count, board.post_count, newcomer.post_count) == (0, 0, 0)
    assert indexed == []
    assert ThreadFollow.objects.filter(thread=post.thread, user=newcomer).exists()
