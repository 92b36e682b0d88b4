from datetime import timedelta

import pytest
from django.utils import timezone

from forum import services
from forum.models import Thread
from forum.moderation import selectors
from forum.moderation.templatetags.moderation_tags import duration, percent
from tests.factories import ExpertCertificationFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


def question(board, *, minutes_ago: int, answered_after: int | None = None, **extra):
    """A question asked ``minutes_ago``, answered ``answered_after`` minutes later."""
    thread = services.create_thread(
        board=board,
        author=UserFactory(),
        title=f"Question asked {minutes_ago}",
        body="Why does this happen?",
    )
    created = timezone.now() - timedelta(minutes=minutes_ago)
    first = (
        None if answered_after is None else created + timedelta(minutes=answered_after)
    )
    Thread.objects.filter(pk=thread.pk).update(
        created_at=created, first_response_at=first, **extra
    )
    return Thread.objects.get(pk=thread.pk)


def window():
    return {"since": timezone.now() - 30 * DAY, "until": timezone.now()}


def test_median_and_90th_percentile_time_to_first_response(board):
    for wait in (10, 20, 30, 40, 50, 60, 70, 80, 90, 600):
        question(board, minutes_ago=1000, answered_after=wait)

    stats = selectors.response_times(**window())

    # An even count: the median is the mean of the two middle waits (50 and 60);
    # the 90th percentile is the nearest rank.
    assert stats.median == timedelta(minutes=55)
    assert stats.p90 == timedelta(minutes=90)


def test_shares_answered_within_target_and_solved(board, settings):
    settings.FIRST_RESPONSE_TARGET_MINUTES = 60
    question(board, minutes_ago=500, answered_after=30)
    question(board, minutes_ago=500, answered_after=60)
    question(board, minutes_ago=500, answered_after=61)
    solved = question(board, minutes_ago=500)
    reply = services.post_reply(solved, author=solved.author, body="Fixed it myself")
    services.accept_solution(solved, post=reply, by=solved.author)

    stats = selectors.response_times(**window())

    assert (stats.threads, stats.answered, stats.answered_within_target) == (4, 3, 2)
    assert stats.solved == 1
    assert stats.share_within_target == 0.5
    assert stats.share_answered == 0.75
    assert stats.share_solved == 0.25
    assert stats.target_minutes == 60


def test_the_target_is_read_when_used(board, settings):
    question(board, minutes_ago=500, answered_after=90)
    settings.FIRST_RESPONSE_TARGET_MINUTES = 120

    assert selectors.response_times(**window()).answered_within_target == 1


def test_an_empty_period_has_no_numbers(board):
    stats = selectors.response_times(**window())

    assert (stats.threads, stats.median, stats.p90, stats.share_answered) == (
        0,
        None,
        None,
        None,
    )


def test_only_questions_asked_in_the_period_and_board_count(board, other_board):
    question(board, minutes_ago=60 * 24 * 40, answered_after=5)
    question(other_board, minutes_ago=100, answered_after=5)
    question(board, minutes_ago=100, is_hidden=True)

    assert selectors.response_times(**window(), board=board).threads == 0
    assert selectors.response_times(**window()).threads == 1


def test_the_numbers_take_three_queries(board, django_assert_num_queries):
    question(board, minutes_ago=100, answered_after=5)

    with django_assert_num_queries(3):
        selectors.response_times(**window())


def test_busiest_experts_by_replies_and_solutions(board, other_board):
    busy, quiet, idle = (UserFactory(username=n) for n in ("busy", "quiet", "idle"))
    for user in (busy, quiet, idle):
        ExpertCertificationFactory(user=user, board=board)
    thread = question(board, minutes_ago=100)
    for _ in range(3):
        services.post_reply(thread, author=busy, body=f"Idea {_}")
    answer = services.post_reply(thread, author=quiet, body="The answer")
    services.accept_solution(thread, post=answer, by=thread.author)
    services.post_reply(thread, author=UserFactory(), body="Not an expert")

    rows = selectors.busiest_experts(**window())

    assert [(r.user.username, r.replies, r.solutions) for r in rows] == [
        ("busy", 3, 0),
        ("quiet", 1, 1),
    ]
    assert selectors.busiest_experts(**window(), board=other_board) == []


def test_the_unanswered_queue_sorts_by_waiting_time_and_labels_the_target(
    board, moderator, settings
):
    settings.FIRST_RESPONSE_TARGET_MINUTES = 60
    fresh = question(board, minutes_ago=5)
    overdue = question(board, minutes_ago=120)
    due_soon = question(board, minutes_ago=50)
    question(board, minutes_ago=300, answered_after=10)
    question(board, minutes_ago=400, is_locked=True)

    queue = list(selectors.unanswered_queue(moderator))

    assert queue == [overdue, due_soon, fresh]
    assert [t.status for t in queue] == ["overdue", "due_soon", "on_time"]
    assert list(selectors.unanswered_queue(moderator, status="overdue")) == [overdue]
    assert selectors.overdue_count() == 1


def test_experts_see_the_unanswered_queue_of_their_boards_only(
    board, other_board, expert, board_moderator
):
    mine = question(board, minutes_ago=10)
    question(other_board, minutes_ago=10)

    assert list(selectors.unanswered_queue(expert)) == [mine]
    assert list(selectors.unanswered_queue(board_moderator)) == [mine]


def test_the_unanswered_page_shows_the_labels(client, board, moderator, settings):
    settings.FIRST_RESPONSE_TARGET_MINUTES = 60
    question(board, minutes_ago=120)
    client.force_login(moderator)

    body = client.get("/moderation/unanswered/").content.decode()

    assert "Overdue" in body
    assert "within 60 minutes" in body


def test_the_response_times_page_shows_the_numbers(client, board, manager):
    question(board, minutes_ago=500, answered_after=30)
    client.force_login(manager)

    response = client.get("/moderation/response-times/?days=7")

    body = response.content.decode()
    assert "30 min" in body
    assert "100%" in body


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=3, minutes=10), "3 h 10 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(days=2, hours=4), "2 d 4 h"),
    ],
)
def test_waits_read_as_people_say_them(value, text):
    assert duration(value) == text


def test_shares_read_as_percentages():
    assert (percent(None), percent(0.5), percent(2 / 3)) == ("—", "50%", "67%")


def test_discussions_have_no_response_target(moderator):
    from tests.factories import BoardFactory

    lounge = BoardFactory(kind="discussion")
    question(lounge, minutes_ago=500)

    assert not selectors.unanswered_queue(moderator).exists()
    assert selectors.response_times(**window()).threads == 0
