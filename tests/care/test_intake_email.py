"""E-mail in: Mailgun's signed inbound-route form, posted over real HTTP."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from forum.care.connectors.mailgun import strip_quoted
from forum.care.models import Case, CaseMessage, InboundMessage
from tests.care.servers import mailgun_form, post
from tests.factories import ConnectorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "application/x-www-form-urlencoded"


def email(message_id="<m1@mail.example.net>", **fields):
    return {
        "sender": "Carla@Example.net",
        "from": "Carla Jones <Carla@Example.net>",
        "recipient": "care@telco.example.com",
        "subject": "Bill doubled",
        "body-plain": "My March bill doubled.\n\n-- \nCarla\n0412 345 678",
        "stripped-text": "",
        "Message-Id": message_id,
    } | fields


@pytest.fixture
def connector(db):
    return ConnectorFactory(slug="email-in", kind="mailgun", network="email")


@pytest.fixture
def send(live_server, connector):
    def send_form(fields, *, key=None, timestamp=None):
        body = mailgun_form(
            fields, key or connector.inbound_secret, timestamp=timestamp
        )
        url = live_server.url + reverse("care:intake", args=[connector.slug])
        return post(url, body, {"Content-Type": FORM})

    return send_form


def test_a_signed_email_becomes_a_private_case_without_its_signature(send):
    answer = send(email())

    assert (answer.status, answer.json()) == (202, {"accepted": 1, "duplicates": 0})
    case = Case.objects.get()
    message = case.messages.get()
    assert (case.network, case.is_public, case.subject) == (
        "email",
        False,
        "Bill doubled",
    )
    assert (case.contact.handle, case.contact.display_name) == (
        "carla@example.net",
        "Carla Jones",
    )
    assert message.external_id == "m1@mail.example.net"
    assert message.text == "My March bill doubled."


def test_an_email_signed_with_another_key_is_refused(send):
    answer = send(email(), key="someone-elses-key")

    assert answer.status == 401
    assert not InboundMessage.objects.exists()


def test_a_stale_email_is_refused(send):
    answer = send(email(), timestamp=1_000_000_000)

    assert answer.status == 401
    assert not InboundMessage.objects.exists()


def test_an_email_without_a_message_id_names_the_field(send):
    answer = send(email(message_id=""))

    assert (answer.status, answer.json()["field"]) == (400, "Message-Id")


def test_an_answer_to_an_earlier_email_joins_its_case_and_drops_the_quote(send):
    send(email())
    reply = email(
        "<m2@mail.example.net>",
        subject="Re: Bill doubled",
        **{
            "In-Reply-To": "<m1@mail.example.net>",
            "References": "<m1@mail.example.net>",
            "body-plain": "Any news?\n\nOn Tue, 10 Mar 2026, Care wrote:\n> Hello",
        },
    )

    send(reply)

    case = Case.objects.get()
    assert list(case.messages.values_list("text", flat=True)) == [
        "My March bill doubled.",
        "Any news?",
    ]


def test_an_email_links_the_member_who_verified_that_address(send):
    member = UserFactory()
    EmailAddress.objects.create(
        user=member, email="carla@example.net", verified=True, primary=False
    )

    send(email())

    assert CaseMessage.objects.get().case.contact.member == member


def test_quoted_lines_and_signatures_are_stripped():
    text = "Thanks!\n> earlier words\nStill broken.\n-- \nCarla"

    assert strip_quoted(text) == "Thanks!\nStill broken."
