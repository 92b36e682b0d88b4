"""Tickets reach the helpdesk: signed webhooks against a real local HTTP server,
retries with backoff, nothing lost, and the e-mail fallback."""

import hashlib
import hmac
import json
import logging
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.test import RequestFactory

from forum.deflection.admin import DeliveryAdmin
from forum.deflection.models import Delivery, DeliveryStatus
from forum.deflection.services import outbox
from forum.deflection.services.tickets import submit_ticket

pytestmark = pytest.mark.django_db

SECRET = "shared-webhook-secret"


class Helpdesk:
    """A real HTTP server on 127.0.0.1 that records what it receives and answers
    with the next status code from ``statuses`` (200 once they run out)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        helpdesk = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                helpdesk.requests.append({"headers": dict(self.headers), "body": body})
                status = helpdesk.statuses.pop(0) if helpdesk.statuses else 200
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/tickets"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def helpdesk(settings):
    server = Helpdesk()
    settings.HELPDESK_WEBHOOK_URL = server.url
    settings.HELPDESK_WEBHOOK_SECRET = SECRET
    yield server
    server.close()


@pytest.fixture
def send_ticket(django_capture_on_commit_callbacks):
    def send(**overrides):
        fields = {
            "subject": "Bill higher than usual",
            "description": "My March bill doubled.",
            "category": "billing",
            "email": "carla@example.com",
            "journey_id": "j" * 22,
        }
        with django_capture_on_commit_callbacks(execute=True):
            ticket = submit_ticket(**(fields | overrides))
        return ticket, ticket.deliveries.get()

    return send


def test_a_ticket_is_posted_to_the_webhook_with_a_valid_signature(
    helpdesk, send_ticket
):
    ticket, delivery = send_ticket()

    [received] = helpdesk.requests
    body, headers = received["body"], received["headers"]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Crowd-Signature"] == expected
    payload = json.loads(body)
    assert payload["sent_at"] == headers["X-Crowd-Timestamp"]
    assert payload["delivery_id"] == headers["X-Crowd-Delivery"] == str(delivery.uuid)
    assert payload["journey_id"] == "j" * 22
    assert payload["ticket"]["reference"] == ticket.reference
    assert payload["ticket"]["email"] == "carla@example.com"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )


def test_a_failed_delivery_stays_queued_and_is_retried_with_backoff(
    helpdesk, send_ticket, clock
):
    helpdesk.statuses = [503, 500]
    _, delivery = send_ticket()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        1,
        503,
    )
    assert delivery.next_attempt_at == clock.now + timedelta(minutes=1)
    assert outbox.deliver_due() == 0  # not due yet

    clock.advance(minutes=1)
    outbox.deliver_due()
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == clock.now + timedelta(minutes=2)

    clock.advance(minutes=2)
    outbox.deliver_due()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert len({r["headers"]["X-Crowd-Delivery"] for r in helpdesk.requests}) == 1


def test_backoff_doubles_and_is_capped_at_six_hours():
    assert [outbox.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [
        1,
        2,
        4,
        8,
    ]
    assert outbox.backoff(30) == timedelta(hours=6)


def test_after_the_last_attempt_it_is_failed_and_an_admin_can_retry_it(
    helpdesk, send_ticket, clock, administrator
):
    helpdesk.statuses = [500] * outbox.MAX_ATTEMPTS
    _, delivery = send_ticket()
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        clock.advance(hours=7)
        outbox.deliver_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (
        DeliveryStatus.FAILED,
        outbox.MAX_ATTEMPTS,
    )

    request = RequestFactory().post("/admin/")
    request.user = administrator
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    DeliveryAdmin(Delivery, site).retry_now(request, Delivery.objects.all())
    outbox.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_an_unreachable_helpdesk_keeps_the_delivery_pending(settings, send_ticket):
    settings.HELPDESK_WEBHOOK_URL = "http://127.0.0.1:9/closed"
    settings.HELPDESK_WEBHOOK_SECRET = SECRET

    _, delivery = send_ticket()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error
    assert delivery.last_status_code is None


def test_a_redirect_is_not_followed(helpdesk, send_ticket):
    helpdesk.statuses = [302]

    _, delivery = send_ticket()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.PENDING, 302)
    assert len(helpdesk.requests) == 1


def test_nothing_is_sent_unsigned(helpdesk, settings, send_ticket):
    settings.HELPDESK_WEBHOOK_SECRET = ""

    _, delivery = send_ticket()

    delivery.refresh_from_db()
    assert helpdesk.requests == []
    assert delivery.status == DeliveryStatus.PENDING
    assert "HELPDESK_WEBHOOK_SECRET" in delivery.last_error


def test_without_a_webhook_the_ticket_is_e_mailed_to_the_helpdesk(
    settings, send_ticket
):
    settings.HELPDESK_EMAIL = "support@example.com"

    ticket, delivery = send_ticket()

    [message] = mail.outbox
    assert message.to == ["support@example.com"]
    assert message.reply_to == ["carla@example.com"]
    assert ticket.reference in message.subject
    assert "My March bill doubled." in message.body
    delivery.refresh_from_db()
    assert (delivery.status, delivery.channel) == (DeliveryStatus.DELIVERED, "email")


def test_with_no_helpdesk_the_ticket_is_kept_in_the_product_and_nothing_queued(
    django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = submit_ticket(
            subject="Bill higher than usual",
            description="My March bill doubled.",
            category="billing",
            email="carla@example.com",
        )

    assert ticket.kept_in_product
    assert not Delivery.objects.exists()
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_forwarded_ticket_is_not_kept_in_the_product(helpdesk, send_ticket):
    ticket, _ = send_ticket()

    assert not ticket.kept_in_product


def test_two_workers_never_send_the_same_delivery_at_once(helpdesk, clock):
    delivery = Delivery.objects.create(
        event="ticket.created", payload={"ticket": {}}, next_attempt_at=clock.now
    )

    first = outbox.attempt_delivery(delivery.pk)
    second = outbox.attempt_delivery(delivery.pk)

    assert first is not None and second is None
    assert len(helpdesk.requests) == 1


def test_the_delivery_command_sends_what_is_due(helpdesk, clock):
    from django.core.management import call_command

    Delivery.objects.create(
        event="ticket.created", payload={"ticket": {}}, next_attempt_at=clock.now
    )

    call_command("deliver_helpdesk_tickets")

    assert len(helpdesk.requests) == 1
