"""Messages come in over real HTTP: signed version 1 webhooks posted to the live
server are stored once, filed on the right case, and refusals store nothing."""

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from forum.care.models import (
    CareContact,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    InboundMessage,
    InboundStatus,
)
from forum.care.services import cases
from tests.care.servers import post, webhook_headers
from tests.factories import AgentFactory, ConnectorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def mention(id="1790", *, text="My nbn drops out every night", **fields):
    author = fields.pop("author", {"id": "4411", "handle": "@carla", "name": "Carla"})
    return {
        "id": id,
        "network": "twitter",
        "author": author,
        "text": text,
        "url": f"https://x.com/carla/status/{id}",
        "created_at": "2026-03-10T09:00:00Z",
        "in_reply_to": None,
        "visibility": "public",
    } | fields


@pytest.fixture
def connector(db):
    return ConnectorFactory(slug="x-care", network="twitter")


@pytest.fixture
def send(live_server, connector):
    """Post messages to the connector's intake address, signed unless told."""

    def send_messages(*messages, body=None, headers=None, slug=None):
        if body is None:
            body = json.dumps({"version": 1, "messages": list(messages)}).encode()
        if headers is None:
            headers = webhook_headers(body, connector.inbound_secret)
        url = live_server.url + reverse("care:intake", args=[slug or connector.slug])
        return post(url, body, headers)

    return send_messages


def test_a_signed_mention_becomes_a_new_case_with_its_customer(send, connector):
    answer = send(mention())

    assert (answer.status, answer.json()) == (202, {"accepted": 1, "duplicates": 0})
    case = Case.objects.get()
    message = case.messages.get()
    assert (case.status, case.connector, case.is_public) == ("new", connector, True)
    assert case.opened_at == datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert (case.contact.handle, case.contact.external_id) == ("@carla", "4411")
    assert (message.external_id, message.text) == ("1790", mention()["text"])
    assert message.url == "https://x.com/carla/status/1790"
    inbound = InboundMessage.objects.get()
    assert (inbound.status, inbound.message) == (InboundStatus.PROCESSED, message)


def test_an_unsigned_request_is_refused_and_stores_nothing(send):
    answer = send(mention(), headers={"Content-Type": "application/json"})

    assert answer.status == 401
    assert "timestamp" in answer.json()["error"]
    assert not InboundMessage.objects.exists() and not Case.objects.exists()


def test_a_request_signed_with_another_secret_is_refused(send):
    body = json.dumps({"version": 1, "messages": [mention()]}).encode()

    answer = send(body=body, headers=webhook_headers(body, "not-the-secret"))

    assert answer.status == 401
    assert answer.json() == {"error": "The signature does not match."}
    assert not InboundMessage.objects.exists()


def test_a_replayed_request_with_a_stale_timestamp_is_refused(send, connector):
    body = json.dumps({"version": 1, "messages": [mention()]}).encode()
    stale = int(datetime.now(UTC).timestamp()) - 301
    headers = webhook_headers(body, connector.inbound_secret, timestamp=stale)

    answer = send(body=body, headers=headers)

    assert answer.status == 401
    assert not InboundMessage.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "body"),
        (json.dumps({"version": 2, "messages": [mention()]}).encode(), "version"),
        (json.dumps({"version": 1, "messages": []}).encode(), "messages"),
        (
            json.dumps({"version": 1, "messages": [mention(), mention(text="")]}),
            "messages[1].text",
        ),
        (
            json.dumps({"version": 1, "messages": [mention(created_at="yesterday")]}),
            "messages[0].created_at",
        ),
        (
            json.dumps({"version": 1, "messages": [mention(network="myspace")]}),
            "messages[0].network",
        ),
        (
            json.dumps({"version": 1, "messages": [mention(author={"id": "1"})]}),
            "messages[0].author.handle",
        ),
        (
            json.dumps({"version": 1, "messages": [mention(visibility="friends")]}),
            "messages[0].visibility",
        ),
        (
            json.dumps({"version": 1, "messages": [mention(url="javascript:x")]}),
            "messages[0].url",
        ),
    ],
)
def test_a_malformed_payload_gets_a_400_naming_the_wrong_field(send, body, field):
    body = body if isinstance(body, bytes) else body.encode()

    answer = send(body=body)

    assert answer.status == 400
    assert answer.json()["field"] == field
    assert not InboundMessage.objects.exists()


def test_a_redelivered_message_is_stored_once(send):
    send(mention())

    answer = send(mention(), mention("1791", text="Still down"))

    assert answer.json() == {"accepted": 1, "duplicates": 1}
    assert InboundMessage.objects.count() == 2
    assert CaseMessage.objects.count() == 2
    assert list(CaseMessage.objects.values_list("external_id", flat=True)) == [
        "1790",
        "1791",
    ]


def test_a_reply_to_a_known_message_joins_its_case(send):
    send(mention())
    other = {"id": "77", "handle": "@dan", "name": "Dan"}

    send(mention("1795", text="Same here!", author=other, in_reply_to="1790"))

    case = Case.objects.get()
    assert case.messages.count() == 2
    assert CareContact.objects.count() == 2


def test_private_messages_from_one_customer_share_their_open_case(send):
    send(mention("d1", visibility="private"))
    send(mention("d2", text="Any news?", visibility="private"))
    send(mention("p3", text="A public mention: a new conversation"))

    first, second = Case.objects.order_by("pk")
    assert list(first.messages.values_list("external_id", flat=True)) == ["d1", "d2"]
    assert first.is_public is False
    assert list(second.messages.values_list("external_id", flat=True)) == ["p3"]


def test_a_new_message_reopens_a_case_waiting_on_the_customer(send):
    send(mention())
    case = Case.objects.get()
    cases.reply_to_case(case, by=AgentFactory(), text="Have you restarted it?")
    assert Case.objects.get().status == CaseStatus.WAITING

    send(mention("1799", text="Yes, still dropping", in_reply_to="1790"))

    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.next_due_at == case.resolution_due
    event = case.events.filter(kind=CaseEventKind.STATUS).latest("pk")
    assert (event.before, event.after, event.actor) == ("waiting", "open", None)


def test_a_new_message_reopens_a_resolved_case(send):
    send(mention())
    case = Case.objects.get()
    cases.reply_to_case(case, by=AgentFactory(), text="Fixed now.", resolve=True)

    send(mention("1800", text="It broke again", in_reply_to="1790"))

    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (CaseStatus.OPEN, None)
    assert CaseEvent.objects.filter(case=case, actor=None, after="open").exists()


def test_a_customer_is_linked_to_the_member_who_signed_in_with_that_network(send):
    member = UserFactory()
    SocialAccount.objects.create(user=member, provider="twitter_oauth2", uid="4411")

    send(mention())

    assert CareContact.objects.get().member == member


def test_a_customer_with_no_matching_social_login_stays_unlinked(send):
    SocialAccount.objects.create(user=UserFactory(), provider="facebook", uid="4411")

    send(mention())

    assert CareContact.objects.get().member is None


def test_a_renamed_handle_is_the_same_customer(send):
    send(mention())
    renamed = {"id": "4411", "handle": "@carla_nbn", "name": "Carla"}

    send(mention("1802", author=renamed))

    contact = CareContact.objects.get()
    assert contact.handle == "@carla_nbn"
    assert Case.objects.filter(contact=contact).count() == 2


@pytest.fixture
def still_minute(monkeypatch):
    """The rate limit counts fixed minutes; the test runs inside one."""
    start_of_a_minute = 30_000_000 * 60 + 1
    monkeypatch.setattr(
        "forum.care.services.intake.time",
        SimpleNamespace(time=lambda: start_of_a_minute),
    )


def test_a_flood_over_the_connectors_limit_gets_429_and_keeps_what_was_accepted(
    send, connector, still_minute
):
    connector.intake_per_minute = 2
    connector.save()

    answers = [send(mention(str(n))) for n in range(3)]

    assert [a.status for a in answers] == [202, 202, 429]
    assert answers[2].headers["Retry-After"] == "59"
    assert sorted(InboundMessage.objects.values_list("external_id", flat=True)) == [
        "0",
        "1",
    ]
    assert set(InboundMessage.objects.values_list("status", flat=True)) == {"processed"}
    assert CaseMessage.objects.count() == 2


def test_an_unknown_or_inactive_connector_is_404(send, connector):
    assert send(mention(), slug="nobody").status == 404
    connector.is_active = False
    connector.save()
    assert send(mention()).status == 404
    assert not InboundMessage.objects.exists()


def test_an_oversized_body_is_413(send):
    answer = send(mention(text="x" * 2_100_000))

    assert answer.status == 413
    assert not InboundMessage.objects.exists()


def test_the_intake_address_answers_only_post(live_server, connector):
    import urllib.error
    import urllib.request

    url = live_server.url + reverse("care:intake", args=[connector.slug])
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310
    assert refused.value.code == 405


def test_hostile_text_is_stored_as_received(send):
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    send(mention(text=text))

    assert CaseMessage.objects.get().text == text


def test_a_time_in_the_future_counts_from_when_the_message_arrived(send):
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()

    send(mention(created_at=later))

    case = Case.objects.get()
    assert case.opened_at <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"version": 1, "messages": [' + b"[" * 100_000 + b"]}", "body"),
        (b"\xff\xfe not utf-8", "body"),
        (
            json.dumps({"version": 1, "messages": [mention(text="a\x00b")]}).encode(),
            "messages[0].text",
        ),
        (
            json.dumps(
                {
                    "version": 1,
                    "messages": [mention(author={"id": "1", "handle": "@x\ud800"})],
                }
            ).encode(),
            "messages[0].author.handle",
        ),
        (
            json.dumps(
                {
                    "version": 1,
                    "messages": [mention(created_at="9999-12-31T23:59:59-05:00")],
                }
            ).encode(),
            "messages[0].created_at",
        ),
        (
            json.dumps({"version": 1, "messages": [mention(id=True)]}).encode(),
            "messages[0].id",
        ),
    ],
    ids=["deep-nesting", "not-utf8", "nul", "lone-surrogate", "year-9999", "bool-id"],
)
def test_hostile_bodies_get_a_400_never_a_500(send, body, field):
    answer = send(body=body)

    assert (answer.status, answer.json()["field"]) == (400, field)
    assert not InboundMessage.objects.exists()
