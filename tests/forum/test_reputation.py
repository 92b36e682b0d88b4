import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from forum import reputation, services
from forum.models import Kudos, Post, Thread
from forum.notifications.models import Notification, NotificationKind
from forum.reputation.models import BadgeAward, Rank
from forum.reputation.selectors import leaderboard
from forum.reputation.services import award_badges
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def badges_of(user) -> set[str]:
    return set(BadgeAward.objects.filter(user=user).values_list("badge", flat=True))


# --- Points ---------------------------------------------------------------------


def test_an_expert_verified_solution_earns_the_bonus(question, answer, expert):
    services.accept_solution(question, post=answer, by=expert)

    answer.author.refresh_from_db()
    assert answer.author.reputation == reputation.SOLUTION_POINTS + 5 == 15
    assert answer.author.solution_count == 1


def test_a_moderator_verified_solution_earns_the_bonus_too(question, answer, moderator):
    services.accept_solution(question, post=answer, by=moderator)

    answer.author.refresh_from_db()
    assert answer.author.reputation == 15


def test_unaccepting_an_expert_verified_solution_takes_back_exactly_the_bonus(
    question, answer, expert
):
    services.give_kudos(answer, by=expert)
    services.accept_solution(question, post=answer, by=expert)

    services.unaccept_solution(question, by=expert)

    answer.author.refresh_from_db()
    assert answer.author.reputation == reputation.KUDOS_POINTS
    assert answer.author.solution_count == 0


def test_replacing_an_expert_verified_solution_moves_the_right_points(
    question, answer, expert, customer
):
    second = services.post_reply(question, author=UserFactory(), body="Or this.")
    services.accept_solution(question, post=answer, by=expert)

    services.accept_solution(question, post=second, by=customer)

    answer.author.refresh_from_db()
    second.author.refresh_from_db()
    assert (answer.author.reputation, second.author.reputation) == (0, 10)


def test_the_recount_migration_matches_the_live_counters(question, answer, expert):
    services.give_kudos(answer, by=expert)
    services.accept_solution(question, post=answer, by=expert)
    expected = User.objects.get(pk=answer.author_id).reputation
    User.objects.filter(pk=answer.author_id).update(reputation=0)
    migration = importlib.import_module(
        "forum.reputation.migrations.0003_recount_reputation"
    )

    migration.recount(apps, None)

    assert User.objects.get(pk=answer.author_id).reputation == expected == 16


# --- Rank ladder ----------------------------------------------------------------


def test_the_ladder_migrations_seed_the_forum_cores_ranks_then_raise_them():
    Rank.objects.all().delete()
    seeding = importlib.import_module(
        "forum.reputation.migrations.0002_seed_rank_ladder"
    )
    raising = importlib.import_module(
        "forum.reputation.migrations.0004_sparing_ranks_and_verified_helper"
    )

    seeding.seed(apps, None)
    raising.raise_ladder(apps, None)

    rungs = list(Rank.objects.values_list("min_points", "name"))
    assert rungs == list(reputation.DEFAULT_LADDER)


def test_rank_for_reads_the_ladder_edited_in_the_admin(client, administrator):
    Rank.objects.all().delete()
    for points, name in reputation.DEFAULT_LADDER:
        Rank.objects.create(min_points=points, name=name)
    client.force_login(administrator)
    assert reputation.rank_for(5) == "New member"

    response = client.post(
        "/admin/reputation/rank/add/", {"name": "Rising star", "min_points": "5"}
    )

    assert response.status_code == 302
    assert reputation.rank_for(5) == "Rising star"
    assert reputation.rank_for(20) == "Contributor"


def test_rank_for_costs_no_query_once_the_ladder_is_cached(
    django_assert_num_queries,
):
    reputation.forget_ladder()
    reputation.rank_for(0)

    with django_assert_num_queries(0):
        names = [reputation.rank_for(points) for points in range(0, 2001, 50)]

    assert names[-1] == "Community legend"


def test_an_empty_ladder_falls_back_to_the_default_one():
    Rank.objects.all().delete()

    assert reputation.rank_for(120) == "Helper"


# --- Badges ---------------------------------------------------------------------


def test_asking_a_first_question_earns_a_badge_and_a_notification(question, customer):
    assert badges_of(customer) == {"first-question"}
    (notification,) = Notification.objects.filter(
        recipient=customer, kind=NotificationKind.BADGE
    )
    assert notification.detail == "First question"


def test_awarding_badges_twice_awards_nothing_twice(question, customer):
    assert award_badges(customer, asked=True) == []

    assert BadgeAward.objects.filter(user=customer).count() == 1


def test_a_first_reply_to_someone_else_earns_a_badge(question, answer, customer):
    services.post_reply(question, author=customer, body="Thanks, will try.")

    assert "first-reply" in badges_of(answer.author)
    assert "first-reply" not in badges_of(customer)


def test_a_first_response_within_the_target_earns_quick_responder(
    question, answer, settings
):
    assert "quick-responder" in badges_of(answer.author)


def test_a_late_first_response_earns_no_quick_responder(board, customer, settings):
    settings.FIRST_RESPONSE_TARGET_MINUTES = 30
    thread = services.create_thread(
        board=board, author=customer, title="Slow question here", body="Hello?"
    )
    Thread.objects.filter(pk=thread.pk).update(
        created_at=timezone.now() - timedelta(minutes=31)
    )
    helper = UserFactory()

    services.post_reply(thread, author=helper, body="Sorry for the wait.")

    assert "quick-responder" not in badges_of(helper)
    assert "first-reply" in badges_of(helper)


def test_only_the_first_response_can_be_quick(question, answer):
    second = UserFactory()

    services.post_reply(question, author=second, body="Me too.")

    assert "quick-responder" not in badges_of(second)


def test_one_expert_accepted_solution_earns_first_solution_but_not_verified_helper(
    question, answer, expert
):
    services.accept_solution(question, post=answer, by=expert)

    assert "first-solution" in badges_of(answer.author)
    assert "expert-verified" not in badges_of(answer.author)


def test_an_asker_accepted_solution_is_not_expert_verified(question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)

    assert "first-solution" in badges_of(answer.author)
    assert "expert-verified" not in badges_of(answer.author)


def test_ten_solutions_earn_problem_solver(question, answer, customer):
    User.objects.filter(pk=answer.author_id).update(solution_count=9)

    services.accept_solution(question, post=answer, by=customer)

    assert "problem-solver" in badges_of(answer.author)


def test_a_hundred_kudos_earn_community_favourite(answer):
    User.objects.filter(pk=answer.author_id).update(kudos_received=99)

    services.give_kudos(answer, by=UserFactory())

    assert {"appreciated", "community-favourite"} <= badges_of(answer.author)


def test_badges_show_beside_names_and_on_the_profile(client, question, answer):
    body = client.get(question.get_absolute_url()).content.decode()
    profile = client.get(f"/u/{answer.author.username}/").content.decode()

    assert 'class="badge badge-award badge-bronze"' in body
    assert "First reply" in profile and "Quick responder" in profile


def test_the_badge_catalogue_page_lists_every_badge(client, question):
    body = client.get("/badges/").content.decode()

    assert "Community favourite" in body
    assert "1 member" in body


# --- Leaderboards ---------------------------------------------------------------


def make_question(board, asker, title="A question in this board"):
    return services.create_thread(board=board, author=asker, title=title, body="Hm?")


def test_the_leaderboard_ranks_members_by_points_in_a_board(board, other_board, expert):
    asker = UserFactory()
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    question = make_question(board, asker)
    by_alice = services.post_reply(question, author=alice, body="Alice's answer.")
    by_bob = services.post_reply(question, author=bob, body="Bob's answer.")
    services.accept_solution(question, post=by_alice, by=expert)
    for _ in range(3):
        services.give_kudos(by_bob, by=UserFactory())
    elsewhere = make_question(other_board, asker, title="Elsewhere question")
    services.give_kudos(
        services.post_reply(elsewhere, author=bob, body="Other board."),
        by=UserFactory(),
    )

    rows = leaderboard(board=board)

    assert [(m.username, m.points, m.solutions, m.kudos) for m in rows] == [
        ("alice", 15, 1, 0),
        ("bob", 3, 0, 3),
    ]
    assert [m.points for m in leaderboard() if m.username == "bob"] == [4]


def test_the_30_day_leaderboard_leaves_out_older_points(board, customer):
    question = make_question(board, customer)
    reply = services.post_reply(question, author=UserFactory(), body="An answer.")
    services.give_kudos(reply, by=UserFactory())
    services.accept_solution(question, post=reply, by=customer)
    long_ago = timezone.now() - timedelta(days=45)
    Kudos.objects.update(created_at=long_ago)
    Thread.objects.update(accepted_at=long_ago)
    since = timezone.now() - timedelta(days=30)

    assert leaderboard(board=board, since=since) == []
    assert [m.points for m in leaderboard(board=board)] == [11]


def test_hidden_posts_and_own_answers_earn_no_leaderboard_points(board, customer):
    question = make_question(board, customer)
    own = services.post_reply(question, author=customer, body="Solved it myself.")
    services.accept_solution(question, post=own, by=customer)
    hidden = services.post_reply(question, author=UserFactory(), body="Spam.")
    services.give_kudos(hidden, by=UserFactory())
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)

    assert leaderboard(board=board) == []


def test_the_leaderboard_page(client, board, answer, customer, question):
    services.accept_solution(question, post=answer, by=customer)

    response = client.get("/leaderboard/", {"board": board.slug, "period": "all"})
    fallback = client.get("/leaderboard/", {"period": "forever"})

    assert response.status_code == 200
    assert escape(answer.author.name) in response.content.decode()
    assert fallback.context["period"] == "30d"
    assert client.get("/leaderboard/", {"board": "nope"}).status_code == 404
