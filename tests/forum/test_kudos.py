import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from forum import services
from forum.models import Kudos, MeToo, Post, Thread, ThreadFollow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_kudos_count_on_the_post_the_thread_and_the_author(answer, customer):
    assert services.give_kudos(answer, by=customer) is True

    answer.refresh_from_db()
    answer.thread.refresh_from_db()
    answer.author.refresh_from_db()
    assert answer.kudos_count == 1
    assert answer.thread.kudos_count == 1
    assert answer.author.kudos_received == 1
    assert answer.author.reputation == 1


def test_kudos_twice_counts_once(answer, customer):
    services.give_kudos(answer, by=customer)

    assert services.give_kudos(answer, by=customer) is False

    answer.refresh_from_db()
    assert answer.kudos_count == 1
    assert Kudos.objects.count() == 1


def test_no_kudos_for_your_own_post(answer):
    with pytest.raises(PermissionDenied, match="your own"):
        services.give_kudos(answer, by=answer.author)

    answer.refresh_from_db()
    assert answer.kudos_count == 0


def test_no_kudos_for_hidden_posts(answer, customer):
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)

    with pytest.raises(PermissionDenied):
        services.give_kudos(answer, by=customer)
    assert not Kudos.objects.exists()


def test_withdrawing_kudos_counts_back_down(answer, customer):
    services.give_kudos(answer, by=customer)

    assert services.withdraw_kudos(answer, by=customer) is True
    assert services.withdraw_kudos(answer, by=customer) is False

    answer.refresh_from_db()
    answer.author.refresh_from_db()
    assert answer.kudos_count == 0
    assert answer.author.reputation == 0


def test_me_too_is_one_per_member_and_not_on_your_own_question(
    question, customer, other_customer
):
    assert services.add_me_too(question, by=other_customer) is True
    assert services.add_me_too(question, by=other_customer) is False
    with pytest.raises(PermissionDenied):
        services.add_me_too(question, by=customer)

    question.refresh_from_db()
    assert question.me_too_count == 1
    assert services.remove_me_too(question, by=other_customer) is True
    question.refresh_from_db()
    assert question.me_too_count == 0
    assert not MeToo.objects.exists()


def test_follow_and_unfollow(question, other_customer):
    assert services.follow_thread(question, by=other_customer) is True
    assert services.follow_thread(question, by=other_customer) is False
    assert services.unfollow_thread(question, by=other_customer) is True

    assert not ThreadFollow.objects.filter(user=other_customer).exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_kudos_count_exactly_fifty(board):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them")
    from forum.models import Board

    board = Board.objects.get(pk=board.pk)
    asker = UserFactory()
    thread = services.create_thread(
        board=board, author=asker, title="A popular question", body="Why?"
    )
    answer = services.post_reply(thread, author=UserFactory(), body="Because.")
    fans = [UserFactory() for _ in range(50)]
    barrier = threading.Barrier(len(fans))
    errors = []

    def give(fan):
        try:
            barrier.wait()
            services.give_kudos(answer, by=fan)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=give, args=(fan,)) for fan in fans]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    answer.refresh_from_db()
    assert answer.kudos_count == 50
    assert Thread.objects.get(pk=thread.pk).kudos_count == 50
    assert Kudos.objects.filter(post=answer).count() == 50
    answer.author.refresh_from_db()
    assert answer.author.kudos_received == 50
