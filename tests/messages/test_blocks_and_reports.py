"""Blocking members, reporting messages, and the moderators' audited access."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from forum import permissions
from forum.messages import selectors, services
from forum.messages.models import Block, Conversation, Message, MessageReport
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from forum.moderation.selectors import queue_count
from forum.notifications.models import Notification


def test_a_blocked_member_cannot_start_a_conversation_with_the_blocker(alice, bob):
    services.block_member(bob, by=alice)
    with pytest.raises(ValidationError, match="blocked"):
        services.start_conversation(
            by=bob, recipients=[alice], subject="Hi", body="Please talk to me"
        )
    assert not Conversation.objects.exists()


def test_nobody_messages_someone_they_blocked(alice, bob):
    services.block_member(bob, by=alice)
    with pytest.raises(ValidationError, match="blocked"):
        services.start_conversation(
            by=alice, recipients=[bob], subject="Hi", body="Hello there"
        )


def test_a_blocked_member_cannot_add_the_blocker_to_a_group(alice, bob, chris):
    services.block_member(bob, by=alice)
    with pytest.raises(ValidationError, match="alice"):
        services.start_conversation(
            by=bob, recipients=[chris, alice], subject="Group", body="Hello all"
        )
    assert not Conversation.objects.exists()


def test_in_a_one_to_one_conversation_a_block_stops_the_replies(
    conversation, alice, bob
):
    services.block_member(bob, by=alice)
    with pytest.raises(ValidationError, match="blocked"):
        services.send_message(conversation, by=bob, body="Why won't you answer?")
    assert conversation.messages.count() == 1


def test_in_a_group_a_blocked_members_messages_do_not_notify_the_blocker(
    alice, bob, chris
):
    conversation = services.start_conversation(
        by=alice, recipients=[bob, chris], subject="Group", body="Hi both"
    )
    services.block_member(bob, by=alice)
    Notification.objects.all().delete()

    services.send_message(conversation, by=bob, body="Hello group")

    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"chris"}


def test_unblocking_lets_them_write_again(alice, bob):
    services.block_member(bob, by=alice)
    assert services.unblock_member(bob, by=alice) is True
    services.start_conversation(by=bob, recipients=[alice], subject="Hi", body="Hey")
    assert not Block.objects.exists()


def test_blocking_twice_keeps_one_block(alice, bob):
    services.block_member(bob, by=alice)
    services.block_member(bob, by=alice)
    assert list(selectors.blocked_members(alice).values_list("blocked", flat=True)) == [
        bob.pk
    ]


def test_nobody_blocks_themselves_or_staff(alice, moderator):
    with pytest.raises(ValidationError, match="yourself"):
        services.block_member(alice, by=alice)
    with pytest.raises(ValidationError, match="staff"):
        services.block_member(moderator, by=alice)
    assert not Block.objects.exists()


def _message(conversation) -> Message:
    return selectors.message_for_report(
        conversation.participants.get(user__username="bob").user,
        conversation.messages.get().pk,
    )


def test_a_report_opens_the_conversation_to_moderators_and_reads_are_audited(
    conversation, bob, moderator
):
    with pytest.raises(Http404):
        selectors.conversation_detail(moderator, conversation.pk)

    report, created = services.report_message(
        _message(conversation), by=bob, reason="abuse", note="Rude"
    )
    opened = selectors.conversation_detail(moderator, conversation.pk)
    services.record_moderator_read(opened, by=moderator)

    assert created and report.conversation == conversation
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (moderator, AuditAction.READ_CONVERSATION)
    assert (entry.target_type, entry.target_id) == (
        AuditTarget.CONVERSATION,
        conversation.pk,
    )


def test_a_report_joins_the_moderation_queue(conversation, bob, moderator):
    assert queue_count(moderator) == 0
    services.report_message(_message(conversation), by=bob, reason="spam")
    assert queue_count(moderator) == 1
    assert list(selectors.open_reports(moderator)) == list(MessageReport.objects.all())


@pytest.mark.parametrize("role", ["manager", "administrator_without_report"])
def test_managers_and_unreported_conversations_stay_closed_to_staff(
    conversation, bob, manager, administrator, role
):
    if role == "manager":
        services.report_message(_message(conversation), by=bob, reason="spam")
        viewer = manager
    else:
        viewer = administrator
    with pytest.raises(Http404):
        selectors.conversation_detail(viewer, conversation.pk)
    assert not permissions.conversations_visible_to(viewer).exists()


def test_dismissing_the_reports_closes_the_conversation_again(
    conversation, bob, moderator
):
    services.report_message(_message(conversation), by=bob, reason="spam")
    opened = selectors.conversation_detail(moderator, conversation.pk)

    assert services.dismiss_message_reports(opened, by=moderator) == 1

    with pytest.raises(Http404):
        selectors.conversation_detail(moderator, conversation.pk)
    assert AuditEntry.objects.filter(
        action=AuditAction.DISMISS_MESSAGE_REPORTS
    ).exists()


def test_a_member_cannot_report_their_own_message(conversation, alice):
    message = selectors.message_for_report(alice, conversation.messages.get().pk)
    with pytest.raises(PermissionDenied):
        services.report_message(message, by=alice, reason="spam")
    assert not MessageReport.objects.exists()


def test_reporting_twice_keeps_one_report(conversation, bob):
    services.report_message(_message(conversation), by=bob, reason="spam")
    _, created = services.report_message(_message(conversation), by=bob, reason="spam")
    assert created is False
    assert MessageReport.objects.count() == 1


def test_an_unknown_reason_is_refused(conversation, bob):
    with pytest.raises(ValidationError, match="reason"):
        services.report_message(_message(conversation), by=bob, reason="boring")
    assert not MessageReport.objects.exists()


def test_an_outsider_cannot_reach_a_message_to_report_it(conversation, chris):
    with pytest.raises(Http404):
        selectors.message_for_report(chris, conversation.messages.get().pk)


def test_a_moderator_read_without_a_report_is_refused(conversation, moderator):
    conversation.has_open_report = False
    with pytest.raises(PermissionDenied):
        services.record_moderator_read(conversation, by=moderator)
    assert not AuditEntry.objects.exists()
