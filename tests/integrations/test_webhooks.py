import json

import pytest

from forum import services
from forum.deflection.models import Delivery, DeliveryStatus
from forum.deflection.services import outbox, webhooks
from forum.integrations.models import WebhookEndpoint, WebhookEvent
from forum.integrations.services import emit
from forum.moderation.services import posts as moderation
from tests.deflection.test_delivery import Helpdesk

pytestmark = pytest.mark.django_db

SECRET = "crm-shared-secret"


@pytest.fixture
def crm():
    server = Helpdesk()
    yield server
    server.close()


@pytest.fixture
def endpoint(crm):
    return WebhookEndpoint.objects.create(
        name="CRM",
        url=crm.url,
        secret=SECRET,
        events=[WebhookEvent.REPLY_POSTED, WebhookEvent.SOLUTION_ACCEPTED],
    )


def test_a_reply_is_delivered_signed_to_subscribed_endpoints(
    endpoint, crm, question, other_customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(question, author=other_customer, body="Try this.")

    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.last_status_code == 200
    received = crm.requests[0]
    body = json.loads(received["body"])
    assert body["event"] == "reply.posted"
    assert body["post"]["id"] == reply.pk
    assert webhooks.verify(
        received["body"], SECRET, received["headers"]["X-Crowd-Signature"]
    )


def test_endpoints_only_get_the_events_they_asked_for(endpoint, board, customer):
    services.create_thread(
        board=board, author=customer, title="A brand new question", body="Why?"
    )

    assert not Delivery.objects.filter(endpoint=endpoint).exists()


def test_inactive_endpoints_get_nothing(endpoint, question, other_customer):
    WebhookEndpoint.objects.update(is_active=False)

    services.post_reply(question, author=other_customer, body="Try this.")

    assert not Delivery.objects.exists()


def test_a_failing_endpoint_is_retried_and_never_breaks_the_reply(
    endpoint, crm, question, customer, django_capture_on_commit_callbacks
):
    crm.statuses = [500]

    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(question, author=customer, body="Still broken.")

    delivery = Delivery.objects.get(endpoint=endpoint)
    assert reply.pk
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1 and delivery.last_status_code == 500
    later = delivery.next_attempt_at
    assert outbox.attempt_delivery(delivery.pk, now=later).status == (
        DeliveryStatus.DELIVERED
    )


def test_hidden_posts_announce_only_ids(crm, answer, moderator):
    hook = WebhookEndpoint.objects.create(
        name="Chat", url=crm.url, secret=SECRET, events=[WebhookEvent.POST_HIDDEN]
    )

    moderation.hide_post(answer, by=moderator, reason="Personal information")

    payload = Delivery.objects.get(endpoint=hook).payload
    assert payload["post"] == {"id": answer.pk, "thread_id": answer.thread_id}
    assert "body" not in json.dumps(payload)


def test_unknown_events_are_refused():
    with pytest.raises(ValueError):
        emit("thread.exploded", {})
