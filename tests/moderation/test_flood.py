import threading

import pytest
from django.db import connection
from django.utils import timezone

from forum import services
from forum.models import Kudos, Post, Thread
from forum.moderation import flood
from forum.moderation import services as moderation
from forum.moderation.flood import RateLimited
from forum.moderation.models import Flag
from tests.factories import NewUserFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def reply(thread, author, n):
    return services.post_reply(thread, author=author, body=f"Reply number {n}")


def test_the_defaults_allow_five_posts_in_thirty_seconds(flood_limits, question):
    helper = UserFactory()
    assert flood_limits["post"][0] == (5, 30)
    for n in range(5):
        reply(question, helper, n)

    with pytest.raises(RateLimited, match="posting very quickly") as refused:
        reply(question, helper, 6)

    assert 1 <= refused.value.retry_after <= 30
    assert question.posts.filter(author=helper).count() == 5
    question.refresh_from_db()
    assert question.reply_count == 5


def test_limits_are_per_member(flood_limits, question):
    first, second = UserFactory(), UserFactory()
    for n in range(5):
        reply(question, first, n)

    reply(question, second, 1)

    assert question.posts.filter(author=second).count() == 1


def test_new_accounts_start_only_a_few_threads_on_their_first_day(
    flood_limits, board, settings
):
    settings.MODERATION_RATE_LIMITS = {**flood_limits, "post": []}
    newcomer = NewUserFactory()
    for n in range(3):
        services.create_thread(
            board=board, author=newcomer, title=f"Question {n} from me", body="Hi"
        )

    with pytest.raises(RateLimited, match="first day"):
        services.create_thread(
            board=board, author=newcomer, title="Question 4 from me", body="Hi"
        )
    assert Thread.objects.filter(author=newcomer).count() == 3
    assert Post.objects.filter(author=newcomer).count() == 3


def test_established_members_are_not_held_to_first_day_limits(
    flood_limits, board, settings
):
    settings.MODERATION_RATE_LIMITS = {**flood_limits, "post": []}
    member = UserFactory()

    for n in range(4):
        services.create_thread(
            board=board, author=member, title=f"Question {n} from me", body="Hi"
        )

    assert Thread.objects.filter(author=member).count() == 4


def test_moderators_are_exempt(flood_limits, question, moderator, board_moderator):
    for n in range(7):
        reply(question, moderator, n)
        reply(question, board_moderator, n)

    assert question.posts.filter(author=moderator).count() == 7
    assert question.posts.filter(author=board_moderator).count() == 7


def test_kudos_in_a_burst_are_limited(settings, board):
    settings.MODERATION_RATE_LIMITS = {"kudos": [(3, 60)]}
    fan = UserFactory()
    thread = ThreadFactory(board=board)
    posts = [
        services.post_reply(thread, author=UserFactory(), body="Hi") for _ in "1234"
    ]
    for post in posts[:3]:
        services.give_kudos(post, by=fan)

    with pytest.raises(RateLimited, match="kudos"):
        services.give_kudos(posts[3], by=fan)
    assert Kudos.objects.filter(user=fan).count() == 3


def test_flagging_many_posts_in_a_burst_is_limited(flood_limits, board):
    flagger = UserFactory()
    thread = ThreadFactory(board=board)
    posts = [
        services.post_reply(thread, author=UserFactory(), body="Hi") for _ in "123456"
    ]
    for post in posts[:5]:
        moderation.flag_post(post, by=flagger, reason="spam")

    with pytest.raises(RateLimited, match="flagged a lot"):
        moderation.flag_post(posts[5], by=flagger, reason="spam")
    assert Flag.objects.filter(user=flagger).count() == 5


def test_a_resubmitted_reply_does_not_count_against_the_limit(flood_limits, question):
    helper = UserFactory()
    for _ in range(8):
        services.post_reply(question, author=helper, body="Same words")

    assert question.posts.filter(author=helper).count() == 1


def test_the_ask_form_shows_the_limit_as_a_form_error(
    client, flood_limits, board, settings
):
    settings.MODERATION_RATE_LIMITS = {"post": [(1, 60)]}
    member = UserFactory()
    client.force_login(member)
    data = {"board": board.pk, "body": "Details.", "post": "1"}
    client.post("/ask/", {**data, "title": "First question here"})

    response = client.post("/ask/", {**data, "title": "Second question here"})

    assert response.status_code == 200
    assert "posting very quickly" in response.content.decode()
    assert Thread.objects.filter(author=member).count() == 1


def test_the_reply_form_shows_the_limit_as_a_form_error(client, question, settings):
    settings.MODERATION_RATE_LIMITS = {"post": [(1, 60)]}
    client.force_login(UserFactory())
    client.post(f"/t/{question.pk}/reply/", {"body": "One"})

    response = client.post(f"/t/{question.pk}/reply/", {"body": "Two"})

    assert "posting very quickly" in response.content.decode()
    assert question.posts.count() == 2


def test_json_kudos_beyond_the_limit_get_429_with_retry_after(client, answer, settings):
    settings.MODERATION_RATE_LIMITS = {"kudos": [(1, 60)]}
    fan = UserFactory()
    other = services.post_reply(answer.thread, author=UserFactory(), body="Also")
    client.force_login(fan)
    client.post(f"/p/{answer.pk}/kudos/", HTTP_ACCEPT="application/json")

    response = client.post(f"/p/{other.pk}/kudos/", HTTP_ACCEPT="application/json")

    assert response.status_code == 429
    assert "kudos" in response.json()["detail"]
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert not Kudos.objects.filter(post=other).exists()


def test_json_flags_beyond_the_limit_get_429(client, answer, settings):
    settings.MODERATION_RATE_LIMITS = {"flag": [(1, 60)]}
    other = services.post_reply(answer.thread, author=UserFactory(), body="Also")
    client.force_login(UserFactory())
    client.post(f"/p/{answer.pk}/flag/", {"reason": "spam"})

    response = client.post(
        f"/p/{other.pk}/flag/", {"reason": "spam"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 429
    assert not Flag.objects.filter(post=other).exists()


def test_a_limit_that_a_view_does_not_catch_becomes_a_429_page(rf, customer):
    from forum.moderation.middleware import RateLimitedMiddleware

    middleware = RateLimitedMiddleware(lambda request: None)
    request = rf.get("/")
    request.user = customer

    response = middleware.process_exception(
        request, RateLimited("Slow down, please.", retry_after=12)
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "12"
    assert b"Slow down, please." in response.content


def test_exempt_switches_flood_control_off_for_demo_data(settings, question):
    settings.MODERATION_RATE_LIMITS = {"post": [(1, 60)]}
    helper = UserFactory()

    with flood.exempt():
        for n in range(3):
            reply(question, helper, n)

    assert question.posts.filter(author=helper).count() == 3


def test_a_new_account_is_one_younger_than_the_setting(settings):
    settings.MODERATION_NEW_ACCOUNT_HOURS = 24

    assert flood.is_new_account(NewUserFactory())
    assert not flood.is_new_account(UserFactory())


@pytest.mark.django_db(transaction=True)
def test_parallel_replies_never_exceed_the_limit(settings, board):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL; SQLite serialises them")
    settings.MODERATION_RATE_LIMITS = {"post": [(5, 60)]}
    thread = ThreadFactory(board=board, created_at=timezone.now())
    helper = UserFactory()
    barrier = threading.Barrier(12)
    refused, errors = [], []

    def post(n):
        try:
            barrier.wait()
            reply(thread, helper, n)
        except RateLimited:
            refused.append(n)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=post, args=(n,)) for n in range(12)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(refused) == 7
    assert Post.objects.filter(author=helper).count() == 5
    assert Thread.objects.get(pk=thread.pk).reply_count == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_flags_never_exceed_the_limit(settings, board):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL; SQLite serialises them")
    settings.MODERATION_RATE_LIMITS = {"flag": [(3, 60)]}
    settings.MODERATION_FLAGS_TO_HIDE = 100
    thread = ThreadFactory(board=board)
    posts = [
        Post.objects.create(
            thread=thread, author=UserFactory(), body="x", body_html="x"
        )
        for _ in range(10)
    ]
    flagger = UserFactory()
    barrier = threading.Barrier(len(posts))
    refused, errors = [], []

    def report(post):
        try:
            barrier.wait()
            moderation.flag_post(post, by=flagger, reason="spam")
        except RateLimited:
            refused.append(post.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=report, args=(post,)) for post in posts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(refused) == 7
    assert Flag.objects.filter(user=flagger).count() == 3
