"""The private-message API: the same rules as the pages, in the one error shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from forum.messages import services
from forum.messages.models import Block, Conversation, Message, MessageReport
from tests.factories import UserFactory

API = "/api/v1"


def test_listing_conversations_with_unread_counts(api_as, conversation, bob):
    response = api_as(bob).get(f"{API}/conversations/")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == conversation.pk
    assert row["subject"] == "About your router"
    assert row["unread"] == 1
    assert {p["member"]["username"] for p in row["participants"]} == {"alice", "bob"}


def test_visitors_get_401_in_the_error_shape():
    response = APIClient().get(f"{API}/conversations/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}


def test_creating_a_conversation(api_as, alice, bob):
    response = api_as(alice).post(
        f"{API}/conversations/",
        {"recipients": ["bob"], "subject": "Bill", "body": "Is yours higher too?"},
    )
    assert response.status_code == 201
    assert response.json()["subject"] == "Bill"
    assert Conversation.objects.get().messages.get().body == "Is yours higher too?"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"recipients": ["nobody"], "subject": "Hi", "body": "Hello"}, "recipients"),
        ({"recipients": ["alice"], "subject": "Hi", "body": "Hello"}, None),
        ({"recipients": ["bob"], "subject": "Hi", "body": "   "}, "body"),
        ({"recipients": ["bob"], "subject": "Hi", "body": "x" * 20_001}, "body"),
        ({"recipients": ["bob"], "subject": "Hi", "body": "Hi", "to": 1}, "to"),
    ],
)
def test_refused_creations_are_400_and_store_nothing(
    api_as, alice, bob, payload, field
):
    response = api_as(alice).post(f"{API}/conversations/", payload)
    assert response.status_code == 400, response.content
    if field:
        assert field in response.json()
    else:
        assert "yourself" in str(response.json())
    assert not Conversation.objects.exists()


def test_a_blocked_member_is_refused_through_the_api_too(api_as, alice, bob):
    services.block_member(bob, by=alice)
    response = api_as(bob).post(
        f"{API}/conversations/",
        {"recipients": ["alice"], "subject": "Hi", "body": "Hello there"},
    )
    assert response.status_code == 400
    assert "blocked" in str(response.json())


def test_flood_limits_apply_to_the_api(api_as, conversation, bob, flood_limits):
    client = api_as(bob)
    most, _ = flood_limits["message"][0]
    url = f"{API}/conversations/{conversation.pk}/messages/"
    for number in range(most):
        assert client.post(url, {"body": f"Message {number}"}).status_code == 201

    response = client.post(url, {"body": "One too many"})

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert Message.objects.filter(author=bob).count() == most


def test_reading_replying_and_marking_read(api_as, conversation, alice, bob):
    client = api_as(bob)
    detail = client.get(f"{API}/conversations/{conversation.pk}/").json()
    messages = client.get(f"{API}/conversations/{conversation.pk}/messages/").json()
    reply = client.post(
        f"{API}/conversations/{conversation.pk}/messages/", {"body": "Hi Alice"}
    )
    marked = api_as(alice).post(f"{API}/conversations/{conversation.pk}/read/")

    assert detail["can_reply"] is True
    assert [m["body"] for m in messages["results"]] == ["Hi Bob, hello."]
    assert reply.status_code == 201 and reply.json()["author"]["username"] == "bob"
    assert marked.status_code == 204
    rows = api_as(alice).get(f"{API}/conversations/").json()["results"]
    assert rows[0]["unread"] == 0


@pytest.mark.parametrize("role", ["outsider", "moderator"])
def test_outsiders_and_staff_get_404(api_as, conversation, moderator, role):
    viewer = moderator if role == "moderator" else UserFactory()
    client = api_as(viewer)
    assert client.get(f"{API}/conversations/{conversation.pk}/").status_code == 404
    response = client.post(
        f"{API}/conversations/{conversation.pk}/messages/", {"body": "Hello"}
    )
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code"}


def test_leaving(api_as, conversation, bob):
    client = api_as(bob)
    leave = client.post(f"{API}/conversations/{conversation.pk}/leave/")
    assert leave.status_code == 204
    assert client.get(f"{API}/conversations/").json()["results"] == []
    assert client.get(f"{API}/conversations/{conversation.pk}/").status_code == 404


def test_reporting_a_message(api_as, conversation, bob):
    message = conversation.messages.get()
    url = f"{API}/messages/{message.pk}/report/"
    first = api_as(bob).post(url, {"reason": "abuse", "note": "Rude"})
    again = api_as(bob).post(url, {"reason": "abuse"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["created"] is False
    assert MessageReport.objects.count() == 1


def test_reporting_ones_own_message_is_403(api_as, conversation, alice):
    message = conversation.messages.get()
    response = api_as(alice).post(
        f"{API}/messages/{message.pk}/report/", {"reason": "spam"}
    )
    assert response.status_code == 403
    assert not MessageReport.objects.exists()


def test_blocking_and_unblocking(api_as, alice, bob):
    client = api_as(alice)
    assert client.put(f"{API}/blocks/bob/").status_code == 200
    listed = client.get(f"{API}/blocks/").json()["results"]
    assert [b["member"]["username"] for b in listed] == ["bob"]
    assert client.delete(f"{API}/blocks/bob/").status_code == 204
    assert not Block.objects.exists()
    assert client.put(f"{API}/blocks/alice/").status_code == 400


def _queries(client, url: str) -> int:
    client.get(url)  # the token's first use of the minute is written down
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_conversation_list_query_count_does_not_grow(api_as, alice):
    client = api_as(alice)

    def start(count: int) -> None:
        for number in range(count):
            services.start_conversation(
                by=UserFactory(), recipients=[alice], subject=f"T{number}", body="Hi"
            )

    start(1)
    with_one = _queries(client, f"{API}/conversations/")
    start(19)
    assert _queries(client, f"{API}/conversations/") == with_one == 4


def test_message_list_query_count_does_not_grow(api_as, conversation, alice, bob):
    client = api_as(bob)
    url = f"{API}/conversations/{conversation.pk}/messages/"
    with_one = _queries(client, url)
    for number in range(19):
        services.send_message(conversation, by=alice, body=f"Message {number}")
    assert _queries(client, url) == with_one == 5
