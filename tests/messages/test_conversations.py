"""Starting, replying, reading and leaving conversations: the service rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum import limits
from forum.messages import selectors, services
from forum.messages.models import Conversation, Message, MessageKind, Participant
from forum.moderation.flood import RateLimited
from forum.notifications.models import Notification, NotificationKind
from tests.factories import UserFactory


def _tables() -> tuple[int, int, int]:
    return (
        Conversation.objects.count(),
        Participant.objects.count(),
        Message.objects.count(),
    )


def test_starting_a_conversation_stores_it_with_participants_and_message(
    conversation, alice, bob
):
    assert conversation.subject == "About your router"
    people = set(conversation.participants.values_list("user__username", flat=True))
    assert people == {"alice", "bob"}
    message = conversation.messages.get()
    assert message.author == alice
    assert message.body_html == "<p>Hi Bob, hello.</p>\n"


def test_a_new_conversation_notifies_the_recipient_but_not_the_sender(
    conversation, alice, bob
):
    notification = Notification.objects.get()
    assert notification.recipient == bob
    assert notification.kind == NotificationKind.MESSAGE
    assert notification.conversation == conversation
    assert notification.actor == alice


def test_a_message_notification_is_e_mailed_without_the_message(
    alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.start_conversation(
            by=alice, recipients=[bob], subject="Router", body="The secret is 1234."
        )
    (email,) = mailoutbox
    assert email.to == [bob.email]
    assert "Router" in email.subject
    assert "1234" not in email.body


@pytest.mark.parametrize(
    ("subject", "body", "error"),
    [
        ("", "Hello there", "subject"),
        ("Hi", "", "Write a message"),
        ("Hi", "x" * (limits.BODY_MAX_LENGTH + 1), "at most"),
        ("x" * (limits.TITLE_MAX_LENGTH + 1), "Hello", "at most"),
    ],
)
def test_empty_or_oversized_input_is_refused_and_nothing_is_stored(
    alice, bob, subject, body, error
):
    with pytest.raises(ValidationError, match=error):
        services.start_conversation(
            by=alice, recipients=[bob], subject=subject, body=body
        )
    assert _tables() == (0, 0, 0)


def test_nobody_messages_themselves(alice):
    with pytest.raises(ValidationError, match="yourself"):
        services.start_conversation(
            by=alice, recipients=[alice], subject="Me", body="Note to self"
        )
    assert _tables() == (0, 0, 0)


def test_a_closed_account_receives_no_messages(alice):
    closed = UserFactory(username="gone", is_active=False)
    with pytest.raises(ValidationError, match="closed"):
        services.start_conversation(
            by=alice, recipients=[closed], subject="Hi", body="Are you there?"
        )
    assert _tables() == (0, 0, 0)


def test_a_conversation_with_too_many_members_is_refused(alice, settings):
    settings.MESSAGES_MAX_PARTICIPANTS = 3
    others = UserFactory.create_batch(3)
    with pytest.raises(ValidationError, match="at most 3"):
        services.start_conversation(
            by=alice, recipients=others, subject="Group", body="Hello all"
        )
    assert _tables() == (0, 0, 0)


def test_a_group_up_to_the_limit_is_fine(alice, settings):
    settings.MESSAGES_MAX_PARTICIPANTS = 3
    others = UserFactory.create_batch(2)
    conversation = services.start_conversation(
        by=alice, recipients=others, subject="Group", body="Hello all"
    )
    assert conversation.participants.count() == 3
    assert Notification.objects.count() == 2


def test_a_new_account_cannot_start_a_conversation(bob):
    newcomer = UserFactory(username="newbie", date_joined=timezone.now())
    with pytest.raises(PermissionDenied, match="New members"):
        services.start_conversation(
            by=newcomer, recipients=[bob], subject="Hi", body="Buy my stuff"
        )
    assert _tables() == (0, 0, 0)


def test_an_account_in_premoderation_probation_cannot_start_one(bob, settings):
    settings.MODERATION_APPROVAL_ACCOUNT_DAYS = 7
    week_old = UserFactory(date_joined=timezone.now() - timezone.timedelta(days=3))
    with pytest.raises(PermissionDenied, match="New members"):
        services.start_conversation(
            by=week_old, recipients=[bob], subject="Hi", body="Hello there"
        )


def test_a_moderator_may_message_a_new_member_from_their_first_day(moderator):
    newcomer = UserFactory(username="newbie", date_joined=timezone.now())
    conversation = services.start_conversation(
        by=moderator, recipients=[newcomer], subject="Welcome", body="Hello!"
    )
    assert conversation.participants.count() == 2


def test_a_suspended_member_cannot_send(conversation, bob):
    bob.suspended_until = timezone.now() + timezone.timedelta(days=1)
    bob.save(update_fields=["suspended_until"])
    with pytest.raises(PermissionDenied):
        services.send_message(conversation, by=bob, body="Still here")
    with pytest.raises(PermissionDenied, match="Suspended"):
        services.start_conversation(
            by=bob, recipients=[UserFactory()], subject="Hi", body="Hello there"
        )
    assert Message.objects.count() == 1


def test_flood_control_limits_messages_and_stores_nothing_past_it(
    conversation, bob, flood_limits
):
    most, _ = flood_limits["message"][0]
    for number in range(most):
        services.send_message(conversation, by=bob, body=f"Message {number}")
    with pytest.raises(RateLimited, match="messages very quickly"):
        services.send_message(conversation, by=bob, body="One too many")
    assert Message.objects.filter(author=bob).count() == most


def test_a_reply_notifies_the_others_and_counts_as_unread(conversation, alice, bob):
    services.mark_read(conversation, by=bob)
    services.send_message(conversation, by=bob, body="Thanks Alice")

    assert Notification.objects.filter(recipient=alice).count() == 1
    assert selectors.unread_conversation_count(alice) == 1
    assert selectors.unread_conversation_count(bob) == 0
    (row,) = selectors.inbox(alice)
    assert row.unread == 1


def test_reading_a_conversation_clears_its_unread_count(conversation, bob):
    assert selectors.unread_conversation_count(bob) == 1

    services.mark_read(conversation, by=bob)

    assert selectors.unread_conversation_count(bob) == 0
    assert selectors.inbox(bob).get().unread == 0


def test_unread_counts_count_messages_not_conversations_per_row(
    conversation, alice, bob
):
    services.send_message(conversation, by=alice, body="And another thing")
    assert selectors.inbox(bob).get().unread == 2
    assert selectors.unread_conversation_count(bob) == 1


def test_leaving_removes_it_from_the_inbox_and_tells_the_others(
    conversation, alice, bob
):
    services.leave_conversation(conversation, by=bob)

    assert list(selectors.inbox(bob)) == []
    assert not Notification.objects.filter(recipient=bob).exists()
    event = conversation.messages.get(kind=MessageKind.LEFT)
    assert event.author == bob
    assert selectors.inbox(alice).get().unread == 0  # an event is not a message


def test_after_leaving_no_more_notifications_and_no_replies(conversation, alice, bob):
    services.leave_conversation(conversation, by=bob)
    with pytest.raises(ValidationError, match="left"):
        services.send_message(conversation, by=alice, body="Hello?")
    with pytest.raises(PermissionDenied):
        services.send_message(conversation, by=bob, body="Back again")
    assert not Notification.objects.filter(recipient=bob).exists()


def test_a_group_member_who_left_is_not_notified(alice, bob, chris):
    conversation = services.start_conversation(
        by=alice, recipients=[bob, chris], subject="Group", body="Hi both"
    )
    services.leave_conversation(conversation, by=chris)
    Notification.objects.all().delete()

    services.send_message(conversation, by=alice, body="Just us now")

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "bob"
    ]


def test_someone_outside_the_conversation_cannot_write_in_it(conversation, chris):
    with pytest.raises(PermissionDenied):
        services.send_message(conversation, by=chris, body="Let me in")
    assert Message.objects.count() == 1
