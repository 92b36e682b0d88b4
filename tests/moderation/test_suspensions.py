from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from forum import services
from forum.models import Kudos, Post, Thread
from forum.moderation import services as moderation
from forum.moderation.models import AuditAction, AuditEntry, Flag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOMORROW = timedelta(days=1)


@pytest.fixture
def suspended(db, moderator):
    member = UserFactory(username="sid")
    return moderation.suspend_user(
        member,
        until=timezone.now() + TOMORROW,
        reason="Insults in three threads",
        by=moderator,
    )


def test_suspending_sets_the_end_and_reason_and_is_audited(customer, moderator):
    until = timezone.now() + timedelta(days=3)

    moderation.suspend_user(customer, until=until, reason="Rude", by=moderator)

    customer.refresh_from_db()
    assert customer.is_suspended
    assert (customer.suspended_until, customer.suspension_reason) == (until, "Rude")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_type, entry.target_id) == (
        AuditAction.SUSPEND_USER,
        "user",
        customer.pk,
    )
    assert entry.before["suspended_until"] is None
    assert entry.after["reason"] == "Rude"


def test_a_suspension_ends_by_itself(customer, moderator):
    moderation.suspend_user(
        customer, until=timezone.now() + TOMORROW, reason="Rude", by=moderator
    )
    customer.suspended_until = timezone.now() - timedelta(seconds=1)

    assert not customer.is_suspended


def test_banning_has_no_end_and_lifting_ends_both(customer, moderator):
    moderation.ban_user(customer, reason="Spam account", by=moderator)
    customer.refresh_from_db()
    assert customer.is_banned and customer.is_suspended

    moderation.lift_suspension(customer, by=moderator, reason="Appeal accepted")

    customer.refresh_from_db()
    assert not customer.is_suspended
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        AuditAction.BAN_USER,
        AuditAction.LIFT_SUSPENSION,
    ]


def test_a_suspension_needs_a_reason_and_a_future_end(customer, moderator):
    with pytest.raises(ValidationError, match="reason"):
        moderation.suspend_user(
            customer, until=timezone.now() + TOMORROW, reason=" ", by=moderator
        )
    with pytest.raises(ValidationError, match="future"):
        moderation.suspend_user(
            customer, until=timezone.now() - TOMORROW, reason="Rude", by=moderator
        )
    customer.refresh_from_db()
    assert not customer.is_suspended
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "target_role", [Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR]
)
def test_moderators_cannot_suspend_an_equal_or_higher_role(moderator, target_role):
    target = UserFactory(role=target_role)

    with pytest.raises(PermissionDenied, match="lower role"):
        moderation.ban_user(target, reason="No", by=moderator)
    target.refresh_from_db()
    assert not target.is_banned


def test_administrators_can_suspend_moderators(administrator, moderator):
    moderation.ban_user(moderator, reason="Abused the tools", by=administrator)

    moderator.refresh_from_db()
    assert moderator.is_banned


def test_customers_and_board_moderators_cannot_suspend(board_moderator, customer):
    for actor in (board_moderator, UserFactory()):
        with pytest.raises(PermissionDenied):
            moderation.ban_user(customer, reason="No", by=actor)


def test_suspended_members_are_refused_on_every_write_path(
    suspended, question, answer, board
):
    refused = [
        lambda: services.create_thread(
            board=board, author=suspended, title="A new question", body="Hi"
        ),
        lambda: services.post_reply(question, author=suspended, body="Hi"),
        lambda: services.give_kudos(answer, by=suspended),
        lambda: services.add_me_too(question, by=suspended),
        lambda: moderation.flag_post(answer, by=suspended, reason="spam"),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied, match="suspended until"):
            attempt()

    assert not Post.objects.filter(author=suspended).exists()
    assert not Kudos.objects.filter(user=suspended).exists()
    assert not Flag.objects.exists()


def test_a_suspended_asker_cannot_accept_or_edit(question, answer, moderator):
    moderation.suspend_user(
        question.author, until=timezone.now() + TOMORROW, reason="Rude", by=moderator
    )
    asker = type(question.author).objects.get(pk=question.author_id)

    with pytest.raises(PermissionDenied, match="suspended"):
        services.accept_solution(question, post=answer, by=asker)
    with pytest.raises(PermissionDenied, match="suspended"):
        services.edit_post(question.first_post, by=asker, body="Changed")
    assert not Thread.objects.get(pk=question.pk).is_solved


def test_suspended_members_are_refused_through_the_pages(
    client, suspended, question, answer, board
):
    client.force_login(suspended)

    assert client.post(f"/t/{question.pk}/reply/", {"body": "Hi"}).status_code == 403
    ask = client.post(
        "/ask/",
        {"board": board.pk, "title": "A new question", "body": "Hi", "post": "1"},
    )
    assert ask.status_code == 403
    kudos = client.post(f"/p/{answer.pk}/kudos/", HTTP_ACCEPT="application/json")
    assert kudos.status_code == 403
    assert client.post(f"/p/{answer.pk}/flag/", {"reason": "spam"}).status_code == 403
    assert not Post.objects.filter(author=suspended).exists()


def test_suspended_members_still_read_and_see_why_and_until_when(
    client, suspended, question
):
    client.force_login(suspended)

    response = client.get(question.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your account is suspended until" in body
    assert "Insults in three threads" in body
    assert f'action="/t/{question.pk}/reply/"' not in body


def test_the_member_page_suspends_with_a_date(client, customer, moderator):
    client.force_login(moderator)
    url = f"/moderation/members/{customer.username}/"
    until = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        url, {"action": "suspend", "until": until, "reason": "Cool off"}
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.is_suspended and customer.suspension_reason == "Cool off"


def test_the_member_page_shows_errors_and_changes_nothing(client, customer, moderator):
    client.force_login(moderator)

    response = client.post(
        f"/moderation/members/{customer.username}/", {"action": "suspend", "reason": ""}
    )

    assert response.status_code == 400
    customer.refresh_from_db()
    assert not customer.is_suspended


def test_the_member_page_is_403_for_an_equal_role(client, moderator):
    other = UserFactory(role=Role.MODERATOR)
    client.force_login(moderator)

    assert client.get(f"/moderation/members/{other.username}/").status_code == 403
    response = client.post(
        f"/moderation/members/{other.username}/", {"action": "ban", "reason": "x"}
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert not other.is_banned


def test_deleting_as_spam_hides_everything_the_author_wrote_and_bans_them(
    board, moderator, customer
):
    spammer = UserFactory(username="spammy")
    own = services.create_thread(
        board=board, author=spammer, title="Cheap phones here", body="Buy"
    )
    services.post_reply(own, author=customer, body="Is this legit?")
    question = services.create_thread(
        board=board, author=customer, title="Real question about NBN", body="Help"
    )
    spam = services.post_reply(question, author=spammer, body="Buy cheap phones")

    hidden = moderation.delete_as_spam(spam, by=moderator)

    assert hidden == 2
    assert not Post.objects.filter(author=spammer, is_hidden=False).exists()
    assert Thread.objects.get(pk=own.pk).is_hidden
    spammer.refresh_from_db()
    assert spammer.is_banned
    board.refresh_from_db()
    question.refresh_from_db()
    assert (board.thread_count, board.post_count, question.reply_count) == (1, 1, 0)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {AuditAction.DELETE_AS_SPAM, AuditAction.BAN_USER}


def test_board_moderators_cannot_delete_as_spam(answer, board_moderator):
    with pytest.raises(PermissionDenied):
        moderation.delete_as_spam(answer, by=board_moderator)

    answer.refresh_from_db()
    assert not answer.is_hidden
