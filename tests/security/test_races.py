"""Writers that really collide: OS threads, each with its own PostgreSQL connection,
released together by a barrier. Counters must still equal the rows behind them.

SQLite serialises every writer, so these prove nothing there and are skipped.
"""

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Max
from django.test import Client

from forum import reputation, services
from forum.models import AcceptedAs, Board, Kudos, Post, Thread
from forum.moderation import services as moderation
from forum.moderation.models import ThreadRedirect
from tests.factories import PostFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite serialises them",
    ),
]

# Each scenario runs a few times: one collision can happen to be harmless.
ROUNDS = 3
# PostgreSQL allows 100 connections for the whole server, and other test runs may
# share it: a hundred actions are spread over this many threads, each with its own
# connection, instead of one connection per action.
MAX_THREADS = 25


def run_together(actions: list[Callable], *, threads: int | None = None) -> list:
    """Run the actions in OS threads released at once; return their results in
    order. Fails the test with every exception a thread raised."""
    threads = min(threads or len(actions), len(actions))
    barrier = threading.Barrier(threads)
    results: list = [None] * len(actions)
    errors: list[Exception] = []

    def work(share: range) -> None:
        try:
            barrier.wait()
            for index in share:
                results[index] = actions[index]()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=work, args=(range(n, len(actions), threads),))
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    return results


def fresh(model_object):
    return type(model_object).objects.get(pk=model_object.pk)


def ask(board: Board, title: str = "A popular question") -> Thread:
    """A question through the services, so its counters start exact."""
    return services.create_thread(
        board=board, author=UserFactory(), title=title, body=f"{title}?"
    )


def answered_question(board: Board) -> tuple[Thread, Post]:
    thread = ask(board)
    return thread, services.post_reply(thread, author=UserFactory(), body="Because.")


# --- Kudos ---------------------------------------------------------------------


def test_a_hundred_members_giving_kudos_at_once_count_a_hundred(board):
    # One round: a hundred kudos already collide on the same rows a hundred times.
    fans = [UserFactory() for _ in range(100)]
    thread, answer = answered_question(board)
    author = fresh(answer.author)

    given = run_together(
        [partial(services.give_kudos, answer, by=fan) for fan in fans],
        threads=MAX_THREADS,
    )

    assert given == [True] * 100
    assert Kudos.objects.filter(post=answer).count() == 100
    assert fresh(answer).kudos_count == 100
    assert fresh(thread).kudos_count == 100
    after = fresh(author)
    assert after.kudos_received == author.kudos_received + 100
    assert after.reputation == author.reputation + 100 * reputation.KUDOS_POINTS


def test_ten_clicks_at_once_by_one_member_give_one_kudos(board):
    fan = UserFactory()
    for _ in range(ROUNDS):
        thread, answer = answered_question(board)
        author = fresh(answer.author)

        given = run_together([partial(services.give_kudos, answer, by=fan)] * 10)

        assert sorted(given) == [False] * 9 + [True]
        assert Kudos.objects.filter(post=answer).count() == 1
        assert fresh(answer).kudos_count == 1
        assert fresh(thread).kudos_count == 1
        after = fresh(author)
        assert after.kudos_received == author.kudos_received + 1
        assert after.reputation == author.reputation + reputation.KUDOS_POINTS


# --- Accepting a solution ------------------------------------------------------


def test_ten_accepts_at_once_leave_exactly_one_solution(board, expert, moderator):
    for _ in range(ROUNDS):
        thread = ask(board)
        # Accepting touches no reply counter, so plain rows make good answers.
        answers = PostFactory.create_batch(10, thread=thread)
        accepters = [thread.author, expert, moderator]
        accepter_of = {post.pk: accepters[n % 3] for n, post in enumerate(answers)}
        helpers_before = {post.pk: fresh(post.author) for post in answers}

        run_together(
            [
                partial(
                    services.accept_solution,
                    thread,
                    post=post,
                    by=accepter_of[post.pk],
                )
                for post in answers
            ]
        )

        thread = fresh(thread)
        assert thread.solution_post_id in accepter_of
        assert thread.accepted_by == accepter_of[thread.solution_post_id]
        capacity = {
            thread.author_id: AcceptedAs.ASKER,
            expert.pk: AcceptedAs.EXPERT,
            moderator.pk: AcceptedAs.MODERATOR,
        }[thread.accepted_by_id]
        assert thread.accepted_as == capacity
        assert Thread.objects.filter(solution_post__in=answers).count() == 1
        for post in answers:
            before, after = helpers_before[post.pk], fresh(post.author)
            solved = post.pk == thread.solution_post_id
            points = reputation.solution_points(capacity) if solved else 0
            assert after.solution_count == before.solution_count + solved
            assert after.reputation == before.reputation + points


# --- Double-submitted reply ----------------------------------------------------


def test_a_reply_form_sent_several_times_at_once_posts_once(board, other_customer):
    browser = Client()
    browser.force_login(other_customer)
    session_key = browser.session.session_key

    def submit(thread: Thread):
        # The same browser sending the form again: one session, one body.
        twin = Client()
        twin.cookies[settings.SESSION_COOKIE_NAME] = session_key
        return twin.post(f"/t/{thread.pk}/reply/", {"body": "Restart the modem."})

    for copies in (2, 5, 10):
        thread = ask(board)
        board, replier = fresh(board), fresh(other_customer)

        responses = run_together([partial(submit, thread)] * copies)

        post = Post.objects.get(thread=thread, body="Restart the modem.")
        assert [response.status_code for response in responses] == [302] * copies
        assert {response["Location"] for response in responses} == {f"/p/{post.pk}/"}
        assert fresh(thread).reply_count == 1
        assert fresh(board).post_count == board.post_count + 1
        assert fresh(replier).post_count == replier.post_count + 1


# --- Merge while members reply and give kudos ---------------------------------


def question_with_replies(board: Board, title: str) -> Thread:
    thread = ask(board, title)
    for n in range(2):
        services.post_reply(thread, author=UserFactory(), body=f"{title}: idea {n}")
    return thread


def assert_counters_match_rows(thread: Thread) -> None:
    thread = fresh(thread)
    posts = Post.objects.filter(thread=thread)
    public = posts.public()
    last = public.order_by("-created_at", "-id").first()
    assert thread.reply_count == public.exclude(pk=thread.first_post_id).count()
    assert thread.last_activity_at == last.created_at
    assert thread.last_poster_id == last.author_id
    assert thread.kudos_count == Kudos.objects.filter(post__in=posts).count()
    assert thread.kudos_count == sum(post.kudos_count for post in posts)
    board = fresh(thread.board)
    board_posts = Post.objects.public().filter(thread__board=board)
    assert board.post_count == board_posts.count()
    assert (
        board.last_activity_at == board_posts.aggregate(last=Max("created_at"))["last"]
    )


def test_nothing_sent_during_a_merge_is_lost(board, moderator):
    for _ in range(ROUNDS):
        source = question_with_replies(board, "Modem keeps rebooting")
        target = question_with_replies(board, "Modem reboots at night")
        source_posts = list(Post.objects.filter(thread=source))
        posts_before = {post.pk for post in source_posts} | set(
            target.posts.values_list("pk", flat=True)
        )
        repliers = [UserFactory() for _ in range(9)]
        # Two thirds reply to the thread being merged away, a third to the target.
        replies = [
            partial(
                services.post_reply,
                source if n % 3 else target,
                author=member,
                body=f"Same here ({n}).",
            )
            for n, member in enumerate(repliers)
        ]
        kudos = [
            partial(services.give_kudos, post, by=UserFactory())
            for post in source_posts * 2
        ]
        merge = partial(moderation.merge_threads, source, into=target, by=moderator)

        results = run_together([*replies, merge, *kudos])

        assert not Thread.objects.filter(pk=source.pk).exists()
        redirect = ThreadRedirect.objects.get(old_thread_id=source.pk)
        assert redirect.thread_id == target.pk
        replies_posted = {post.pk for post in results[: len(replies)]}
        assert len(replies_posted) == len(repliers)
        merged = target.posts.values_list("pk", flat=True)
        assert set(merged) == posts_before | replies_posted
        assert results[-len(kudos) :] == [True] * len(kudos)
        assert fresh(target).kudos_count == len(kudos)
        assert_counters_match_rows(target)
        for member in repliers:
            assert fresh(member).post_count == 1
