"""A member's private messages in the data export and in account erasure."""

import io
import json
import zipfile

from accounts.data_rights import delete_member_account, export_member_data
from forum.messages import selectors, services
from forum.messages.models import Block, Participant


def test_the_export_holds_the_members_messages_and_blocks(conversation, alice, bob):
    services.block_member(bob, by=alice)
    archive = zipfile.ZipFile(io.BytesIO(export_member_data(alice)))

    data = json.loads(archive.read("private_messages.json"))

    assert [m["body"] for m in data["messages"]] == ["Hi Bob, hello."]
    assert data["conversations"][0]["conversation__subject"] == "About your router"
    assert data["blocked_members"][0]["blocked__username"] == "bob"


def test_erasure_keeps_messages_under_former_member_and_leaves_conversations(
    conversation, alice, bob
):
    services.send_message(conversation, by=bob, body="Thanks @alice, that helped")
    services.block_member(bob, by=alice)

    former = delete_member_account(alice)

    first = conversation.messages.order_by("id").first()
    assert first.author_id == former.pk and first.author.name == "Former member"
    mention = conversation.messages.order_by("id").last()
    assert "@alice" not in mention.body and "/u/alice/" not in mention.body_html
    assert "@former member" in mention.body
    assert Participant.objects.get(user=former).left_at is not None
    assert not Block.objects.exists()
    assert list(selectors.inbox(bob).values_list("conversation", flat=True)) == [
        conversation.pk
    ]


def test_the_demo_conversation_is_unread_for_carla_and_seeded_once(db):
    from demo.messages import seed_messages
    from tests.factories import UserFactory

    carla, _ = UserFactory(username="carla"), UserFactory(username="dan")
    seed_messages()
    seed_messages()

    (row,) = selectors.inbox(carla)
    assert row.conversation.subject == "Your NBN modem settings"
    assert row.unread == 1
