from datetime import timedelta

import pytest
from django.utils import timezone

from forum import search, selectors, services
from forum.models import Post, Thread
from forum.moderation import approval
from forum.moderation import services as moderation
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import ExpertCertificationFactory, NewUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(board, author, **fields):
    return services.create_thread(
        board=board,
        author=author,
        title=fields.pop("title", "Modem keeps rebooting at night"),
        body=fields.pop("body", "It restarts around 2am every night."),
        **fields,
    )


def test_a_new_accounts_first_question_waits_for_approval(board, newcomer):
    thread = ask(board, newcomer)

    thread.first_post.refresh_from_db()
    assert not thread.is_approved
    assert not thread.first_post.is_approved
    assert thread.first_post.held_reason == "An early post from a new account"


def test_an_established_members_question_is_public_at_once(board, customer):
    thread = ask(board, customer)

    assert thread.is_approved and thread.first_post.is_approved


def test_once_a_post_is_approved_the_new_account_posts_freely(
    board, newcomer, moderator
):
    first = ask(board, newcomer)
    moderation.approve_post(first.first_post, by=moderator)

    second = ask(board, newcomer, title="Another question about my modem")

    assert second.is_approved


def test_premoderation_ends_with_the_account_age_setting(board, settings):
    settings.MODERATION_APPROVAL_ACCOUNT_DAYS = 7
    week_old = UserFactory(date_joined=timezone.now() - timedelta(days=8))

    assert ask(board, week_old).is_approved


def test_premoderation_can_be_switched_off(board, newcomer, settings):
    settings.MODERATION_APPROVAL_FIRST_POSTS = 0

    assert ask(board, newcomer).is_approved


def test_experts_and_moderators_never_wait(board, board_moderator):
    expert = NewUserFactory()
    ExpertCertificationFactory(user=expert, board=board)
    board_moderator.date_joined = timezone.now()

    assert ask(board, expert).is_approved
    assert ask(board, board_moderator, title="A moderator's question").is_approved


def test_a_first_day_post_with_more_than_the_allowed_links_always_waits(
    board, newcomer, moderator, settings
):
    moderation.approve_post(ask(board, newcomer).first_post, by=moderator)
    body = "See http://a.example, www.b.example and [c](https://c.example)."

    thread = ask(board, newcomer, title="Which of these is best?", body=body)

    assert not thread.is_approved
    assert thread.first_post.held_reason == "3 links from an account in its first day"
    settings.MODERATION_NEW_ACCOUNT_MAX_LINKS = 3
    assert ask(board, newcomer, title="Links again", body=body + " ").is_approved


def test_web_addresses_are_counted_in_the_markdown_source_but_site_links_are_not():
    assert approval.count_links("no links, just text") == 0
    assert approval.count_links("[a](/t/1-x) http://x.example www.y.example") == 2
    assert approval.count_links("[c](https://www.c.example/page) <http://d.io>") == 2


def test_a_first_post_sent_seconds_after_the_form_was_shown_waits(
    board, newcomer, moderator, settings
):
    settings.MODERATION_APPROVAL_FIRST_POSTS = 0

    thread = ask(board, newcomer, quick_submit=True)

    assert thread.first_post.held_reason == (
        "A first post sent seconds after the form was shown"
    )


def test_the_form_timestamp_is_signed_and_quick_submissions_are_detected(settings):
    settings.MODERATION_MIN_FORM_SECONDS = 3
    token = approval.form_token()

    assert approval.submitted_quickly(token)
    assert approval.submitted_quickly("")
    assert approval.submitted_quickly("1700000000.0:forged")
    settings.MODERATION_MIN_FORM_SECONDS = 0
    assert not approval.submitted_quickly(token)


def test_waiting_posts_count_nowhere_until_approved(question, pending_reply, moderator):
    question.refresh_from_db()
    board = question.board
    board.refresh_from_db()
    assert (question.reply_count, question.first_response_at) == (0, None)
    assert board.post_count == 1
    assert pending_reply.author.post_count == 0

    moderation.approve_post(pending_reply, by=moderator)

    question.refresh_from_db()
    board.refresh_from_db()
    pending_reply.author.refresh_from_db()
    assert question.reply_count == 1
    assert question.first_response_at == pending_reply.created_at
    assert board.post_count == 2
    assert pending_reply.author.post_count == 1


def test_a_waiting_question_counts_in_no_board_until_approved(
    board, newcomer, moderator
):
    thread = ask(board, newcomer)
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (0, 0)

    moderation.approve_post(thread.first_post, by=moderator)

    board.refresh_from_db()
    thread.refresh_from_db()
    assert thread.is_approved
    assert (board.thread_count, board.post_count) == (1, 1)


def test_approving_writes_an_audit_entry(pending_reply, moderator):
    moderation.approve_post(pending_reply, by=moderator)

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.APPROVE_POST
    assert (entry.actor, entry.target_type, entry.target_id) == (
        moderator,
        "post",
        pending_reply.pk,
    )
    assert entry.after == {"is_approved": True}


def test_the_author_sees_a_waiting_reply_others_do_not_moderators_do(
    client, question, pending_reply, moderator, other_customer
):
    url = question.get_absolute_url()

    client.force_login(pending_reply.author)
    body = client.get(url).content.decode()
    assert "Have you tried turning it off" in body
    assert "Awaiting approval" in body
    client.force_login(other_customer)
    assert "Have you tried turning it off" not in client.get(url).content.decode()
    client.logout()
    assert "Have you tried turning it off" not in client.get(url).content.decode()
    assert client.get(f"/p/{pending_reply.pk}/").status_code == 404
    client.force_login(moderator)
    body = client.get(url).content.decode()
    assert "Have you tried turning it off" in body
    assert f"/moderation/posts/{pending_reply.pk}/approve/" in body


def test_a_waiting_question_is_404_for_others_and_absent_from_lists(
    client, board, newcomer, other_customer
):
    thread = ask(board, newcomer)

    client.force_login(other_customer)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert thread not in selectors.thread_list(other_customer, board=board)
    assert thread not in selectors.unanswered(other_customer)
    client.force_login(newcomer)
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert thread not in selectors.thread_list(newcomer, board=board)


def test_search_does_not_show_waiting_posts(board, newcomer, question, moderator):
    thread = ask(board, newcomer, title="Zyxwvut modem", body="Quokkaberry settings.")
    reply = services.post_reply(question, author=newcomer, body="Try flumpdoodle.")
    search.index_thread(thread.pk)
    search.index_thread(question.pk)

    assert not reply.is_approved
    for word in ("Zyxwvut", "Quokkaberry", "flumpdoodle"):
        assert search.search_threads(word).total == 0
    moderation.approve_post(reply, by=moderator)
    # Once approved the reply is searchable, wherever a search backend is installed.
    if search.search_threads("evening").total:
        assert search.search_threads("flumpdoodle").total == 1


def test_waiting_posts_are_not_in_the_public_querysets(question, pending_reply):
    assert pending_reply not in Post.objects.public()
    assert pending_reply in Post.objects.awaiting_approval()
    Thread.objects.filter(pk=question.pk).update(is_approved=False)
    assert not Thread.objects.public().exists()


def test_nobody_gives_kudos_to_or_accepts_a_waiting_reply(
    question, pending_reply, customer
):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.give_kudos(pending_reply, by=customer)
    with pytest.raises(ValidationError):
        services.accept_solution(question, post=pending_reply, by=customer)


def test_nobody_replies_to_a_question_still_waiting(board, newcomer, other_customer):
    from django.core.exceptions import PermissionDenied

    thread = ask(board, newcomer)

    with pytest.raises(PermissionDenied, match="waiting for approval"):
        services.post_reply(thread, author=other_customer, body="Hello")


def test_rejecting_a_waiting_post_hides_it_and_empties_the_queue(
    pending_reply, moderator
):
    from forum.moderation import selectors as moderation_selectors

    moderation.hide_post(pending_reply, by=moderator, reason="Not helpful spam")

    pending_reply.refresh_from_db()
    assert pending_reply.is_hidden and not pending_reply.is_approved
    assert moderation_selectors.queue_count(moderator) == 0


def test_approval_announces_the_post_after_commit(
    pending_reply, moderator, django_capture_on_commit_callbacks
):
    from forum.moderation.signals import post_approved

    announced = []

    def listener(sender, post, by, **kwargs):
        announced.append((post.pk, by))

    post_approved.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            moderation.approve_post(pending_reply, by=moderator)
    finally:
        post_approved.disconnect(listener)

    assert announced == [(pending_reply.pk, moderator)]
