"""The private-message pages: wiring, the header count, and pinned query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.messages import services
from forum.messages.models import Block, Conversation, Message, MessageReport
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import UserFactory

INBOX = "/messages/"


def _unread_in_header(response) -> str | None:
    found = re.search(r'data-unread-messages="(\d+)"', response.content.decode())
    return found.group(1) if found else None


def _queries(client, url: str) -> int:
    """Queries for ``url`` once the member's roles are cached (as after their first
    page); the header counts are counted afresh, as after new messages."""
    client.get(url)
    from forum import caching

    caching.forget_inboxes([int(client.session["_auth_user_id"])])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_inbox_needs_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_inbox_lists_conversations_with_their_unread_counts(
    client, conversation, bob
):
    client.force_login(bob)
    response = client.get(INBOX)
    page = response.content.decode()
    assert "About your router" in page
    assert 'aria-label="1 unread"' in page
    assert (
        response["Cache-Control"].startswith("max-age=0")
        or "no-store" in (response["Cache-Control"])
    )


def test_the_header_shows_the_unread_count_until_the_conversation_is_read(
    client, conversation, bob
):
    client.force_login(bob)
    assert _unread_in_header(client.get("/")) == "1"

    client.get(conversation.get_absolute_url())

    assert _unread_in_header(client.get("/")) is None


def test_a_visitors_cached_home_page_never_carries_a_members_count(
    client, conversation, bob, settings
):
    client.get("/")  # a visitor fills the shared page cache
    client.force_login(bob)
    assert _unread_in_header(client.get("/")) == "1"
    client.logout()
    assert _unread_in_header(client.get("/")) is None


def test_starting_a_conversation_from_the_form(client, alice, bob):
    client.force_login(alice)
    response = client.post(
        "/messages/new/",
        {"recipients": "@Bob", "subject": "Modem", "body": "Which modem is it?"},
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()


def test_the_form_names_an_unknown_member_and_stores_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        "/messages/new/", {"recipients": "nobody", "subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 200
    assert "No member is called nobody" in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_new_account_is_told_why_it_cannot_message_yet(client, bob):
    newcomer = UserFactory(date_joined=timezone.now())
    client.force_login(newcomer)
    response = client.post(
        "/messages/new/", {"recipients": "bob", "subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 403
    assert "New members can send private messages" in response.content.decode()
    assert not Conversation.objects.exists()


def test_the_profile_offers_message_and_block(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("accounts:profile", args=["bob"])).content.decode()
    assert "/messages/new/?to=bob" in page
    assert reverse("messages:block", args=["bob"]) in page
    own = client.get(reverse("accounts:profile", args=["alice"])).content.decode()
    assert "/messages/new/?to=" not in own


def test_a_visitor_sees_no_message_button(client, bob):
    page = client.get(reverse("accounts:profile", args=["bob"])).content.decode()
    assert "/messages/new/?to=" not in page


def test_replying_with_the_composer(client, conversation, bob):
    client.force_login(bob)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "composer-input" in page  # the forum's composer widget
    # ... without uploads: a file's visibility is its post's, and a message has none.
    assert "data-upload-url" not in page
    assert 'type="file"' not in page

    response = client.post(
        reverse("messages:reply", args=[conversation.pk]), {"body": "Thanks!"}
    )

    message = Message.objects.latest("id")
    assert response["Location"].endswith(f"#message-{message.pk}")
    assert message.author == bob


def test_a_long_conversation_opens_on_its_newest_messages(client, conversation, bob):
    for number in range(25):
        services.send_message(conversation, by=bob, body=f"Number {number}")
    client.force_login(bob)

    newest = client.get(conversation.get_absolute_url()).content.decode()
    oldest = client.get(f"{conversation.get_absolute_url()}?page=1").content.decode()

    assert "Number 24" in newest and "Hi Bob, hello." not in newest
    assert "Hi Bob, hello." in oldest


def test_an_empty_reply_is_refused_with_a_message(client, conversation, bob):
    client.force_login(bob)
    response = client.post(reverse("messages:reply", args=[conversation.pk]), {})
    assert response.status_code == 200
    assert "Write a message first." in response.content.decode()
    assert Message.objects.count() == 1


def test_the_preview_button_shows_the_rendered_message_unsaved(
    client, conversation, bob
):
    client.force_login(bob)
    response = client.post(
        reverse("messages:reply", args=[conversation.pk]),
        {"body": "**bold** text", "preview": "1"},
    )
    assert "<strong>bold</strong>" in response.content.decode()
    assert Message.objects.count() == 1


@pytest.mark.parametrize("who", ["chris", "moderator", "manager", "administrator"])
def test_anyone_outside_the_conversation_gets_404(
    client, conversation, chris, moderator, manager, administrator, who
):
    viewer = {"chris": chris, "moderator": moderator, "manager": manager}.get(
        who, administrator
    )
    client.force_login(viewer)
    assert client.get(conversation.get_absolute_url()).status_code == 404
    reply = reverse("messages:reply", args=[conversation.pk])
    assert client.post(reply, {"body": "Hi"}).status_code == 404
    assert not AuditEntry.objects.exists()


def test_leaving_from_the_page(client, conversation, alice, bob):
    client.force_login(bob)
    response = client.post(reverse("messages:leave", args=[conversation.pk]))
    assert response["Location"] == INBOX
    assert client.get(conversation.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert (
        "Bob left the conversation"
        in client.get(conversation.get_absolute_url()).content.decode()
    )


def test_reporting_then_a_moderator_reads_and_it_is_logged(
    client, conversation, bob, moderator
):
    message = conversation.messages.get()
    client.force_login(bob)
    client.post(reverse("messages:report", args=[message.pk]), {"reason": "abuse"})
    assert MessageReport.objects.filter(reporter=bob).exists()

    client.force_login(moderator)
    queue = client.get(reverse("moderation:queue")).content.decode()
    page = client.get(conversation.get_absolute_url())

    assert "About your router" in queue
    assert page.status_code == 200
    assert "recorded in the audit log" in page.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.READ_CONVERSATION)
    assert (entry.actor, entry.target_id) == (moderator, conversation.pk)
    log = client.get(reverse("moderation:audit_log")).content.decode()
    assert "Read a reported private conversation" in log


def test_blocking_and_the_blocked_list(client, alice, bob):
    client.force_login(alice)
    client.post(reverse("messages:block", args=["bob"]))
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()
    page = client.get(reverse("messages:blocked")).content.decode()
    assert "Bob" in page

    client.post(
        reverse("messages:unblock", args=["bob"]), {"next": reverse("messages:blocked")}
    )
    assert not Block.objects.exists()


def test_the_block_actions_are_post_only(client, alice, bob):
    client.force_login(alice)
    assert client.get(reverse("messages:block", args=["bob"])).status_code == 405
    assert not Block.objects.exists()


def _conversations(starter, count: int) -> None:
    for number in range(count):
        other = UserFactory()
        services.start_conversation(
            by=other, recipients=[starter], subject=f"Topic {number}", body="Hello"
        )


def test_inbox_query_count_does_not_grow_with_conversations(client, alice):
    _conversations(alice, 1)
    client.force_login(alice)
    with_one = _queries(client, INBOX)
    _conversations(alice, 19)

    assert _queries(client, INBOX) == with_one
    assert with_one == 6


def test_conversation_page_query_count_does_not_grow_with_messages(
    client, conversation, alice, bob
):
    client.force_login(bob)
    with_one = _queries(client, conversation.get_absolute_url())
    for number in range(19):
        services.send_message(conversation, by=alice, body=f"Message {number}")

    assert _queries(client, conversation.get_absolute_url()) == with_one
    assert with_one == 8
