"""Replies go back out: a signed webhook to the operator's posting service (a
real local HTTP server), retried after a failure; an e-mail for the e-mail
channel; a clear failure when the connector has nowhere to post."""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forum.care.connectors import IncomingMessage
from forum.care.models import Case, CaseMessage
from forum.care.services import cases, intake
from forum.deflection.models import DeliveryStatus
from forum.deflection.services import outbox
from tests.care.servers import RecordingServer
from tests.factories import (
    AgentFactory,
    CareContactFactory,
    ConnectorFactory,
    make_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting_service():
    server = RecordingServer()
    yield server
    server.close()


@pytest.fixture
def reply(django_capture_on_commit_callbacks):
    """An agent's reply, its delivery attempted once the reply commits."""

    def send(case, text="Try restarting the modem.", **options):
        with django_capture_on_commit_callbacks(execute=True):
            message = cases.reply_to_case(case, by=AgentFactory(), text=text, **options)
        message.refresh_from_db()
        message.delivery.refresh_from_db()
        return message

    return send


def test_a_reply_is_posted_to_the_connector_signed_with_its_secret(
    posting_service, reply
):
    connector = ConnectorFactory(outbound_url=posting_service.url)
    case = make_case(connector=connector, external_id="1790")

    message = reply(case)

    [received] = posting_service.requests
    signature = hmac.new(
        connector.outbound_secret.encode(), received.body, hashlib.sha256
    ).hexdigest()
    assert received.headers["X-Crowd-Signature"] == f"sha256={signature}"
    payload = received.json()
    assert payload["event"] == "care.reply"
    assert (payload["case"], payload["in_reply_to"]) == (case.reference, "1790")
    assert payload["to"]["handle"] == case.contact.handle
    assert payload["text"] == "Try restarting the modem."
    assert payload["sent_at"] == received.headers["X-Crowd-Timestamp"]
    assert payload["delivery_id"] == str(message.delivery.uuid)
    assert (message.delivery.status, message.delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        200,
    )


def test_a_reply_that_meets_a_500_is_retried_and_then_delivered(posting_service, reply):
    posting_service.statuses = [500]
    case = make_case(connector=ConnectorFactory(outbound_url=posting_service.url))

    delivery = reply(case).delivery

    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        1,
        500,
    )
    later = timezone.now() + outbox.backoff(1) + timedelta(seconds=1)
    outbox.attempt_delivery(delivery.pk, now=later)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert len(posting_service.requests) == 2
    first, second = (r.headers["X-Crowd-Delivery"] for r in posting_service.requests)
    assert first == second == str(delivery.uuid)


def test_a_connector_without_a_posting_url_fails_the_delivery_saying_so(reply):
    case = make_case(connector=ConnectorFactory(name="X care", outbound_url=""))

    delivery = reply(case).delivery

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "Connector 'X care' has no posting URL" in delivery.last_error


def test_a_connector_without_an_outbound_secret_never_posts_unsigned(
    posting_service, reply
):
    connector = ConnectorFactory(outbound_url=posting_service.url, outbound_secret="")

    delivery = reply(make_case(connector=connector)).delivery

    assert delivery.status == DeliveryStatus.FAILED
    assert "no outbound secret" in delivery.last_error
    assert posting_service.requests == []


def test_a_failed_reply_is_delivered_once_the_connector_is_fixed(
    posting_service, reply
):
    connector = ConnectorFactory(outbound_url="")
    delivery = reply(make_case(connector=connector)).delivery
    connector.outbound_url = posting_service.url
    connector.save()

    outbox.retry_deliveries(type(delivery).objects.filter(pk=delivery.pk))
    outbox.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len(posting_service.requests) == 1


@pytest.fixture
def email_case():
    connector = ConnectorFactory(kind="mailgun", network="email", outbound_url="")
    contact = CareContactFactory(network="email", handle="carla@example.net")
    return make_case(
        connector=connector,
        contact=contact,
        text="Bill doubled",
        external_id="m1@mail.example.net",
    )


def test_an_email_reply_is_sent_in_the_customers_thread_of_mail(email_case, reply):
    message = reply(email_case, text="We have refunded the difference.")

    [sent] = mail.outbox
    assert sent.to == ["carla@example.net"]
    assert sent.subject == "Re: Bill doubled"
    assert sent.body == "We have refunded the difference."
    assert sent.extra_headers["In-Reply-To"] == "<m1@mail.example.net>"
    assert sent.extra_headers["References"] == "<m1@mail.example.net>"
    assert sent.extra_headers["Message-ID"] == f"<{message.external_id}>"
    assert message.delivery.status == DeliveryStatus.DELIVERED


def test_the_customers_answer_to_an_email_reply_joins_the_case(email_case, reply):
    message = reply(email_case)
    answer = IncomingMessage(
        external_id="m2@mail.example.net",
        network="email",
        author_id="carla@example.net",
        author_handle="carla@example.net",
        author_name="Carla",
        text="Thanks, all sorted.",
        sent_at=timezone.now(),
        is_public=False,
        in_reply_to=message.external_id,
    )
    email_case.status = "resolved"
    Case.objects.filter(pk=email_case.pk).update(status="resolved")

    intake.accept_messages(email_case.connector, [answer])
    intake.file_queued()

    assert CaseMessage.objects.filter(case=email_case).count() == 3
    assert Case.objects.count() == 1
