"""The outbox: outgoing messages stored first, then delivered by background jobs.

A message is a ``Delivery`` row written in the same transaction as what caused it,
so it cannot be lost; a job then tries it, and a failed attempt is retried with
exponential backoff (1, 2, 4 ... minutes, at most 6 hours apart) up to
``MAX_ATTEMPTS`` times, after which it stays visible in the admin as failed until
someone retries it. Claiming a row is a conditional UPDATE (a lease), so two workers
never send the same message at once, on either database.

Where a message goes depends on its event (``ROUTES``); tickets go to the helpdesk's
webhook, else to its e-mail address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import Delivery, DeliveryStatus, Ticket
from forum.deflection.models.tickets import DeliveryChannel
from forum.deflection.services import webhooks

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# Long enough for one attempt (the HTTP timeout is 10 seconds) to finish.
LEASE = timedelta(minutes=2)


@dataclass
class Route:
    channel: str
    destination: str
    secret: str = ""
    # Sends instead of the channel's default (the care desk's e-mail replies);
    # called with the delivery and this route.
    send: Callable | None = None
    # Set when no attempt can succeed until someone changes the configuration:
    # the delivery fails at once, with this as its error.
    misconfigured: str = ""


def queue_delivery(
    *, event: str, payload: dict, ticket: Ticket | None = None, endpoint=None
) -> Delivery:
    """Store an outgoing message and have a job deliver it once the caller commits.
    ``endpoint``: an integration's WebhookEndpoint, else the event's route."""
    now = timezone.now()
    delivery = Delivery.objects.create(
        event=event,
        payload=payload,
        ticket=ticket,
        endpoint=endpoint,
        created_at=now,
        next_attempt_at=now,
    )
    transaction.on_commit(lambda: enqueue_delivery(delivery.pk))
    return delivery


def enqueue_delivery(delivery_id: int, *, run_after: datetime | None = None) -> None:
    """Hand the delivery to the task queue; if that fails, the sweep sends it."""
    from forum.deflection import tasks

    try:
        task = tasks.deliver
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # the periodic sweep retries it when it is due
            task = task.using(run_after=run_after)
        task.enqueue(delivery_id)
    except Exception:
        logger.exception(
            "Could not enqueue delivery %s; the sweep will retry", delivery_id
        )


def backoff(attempts: int) -> timedelta:
    """How long to wait after this many failed attempts."""
    return min(LONGEST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))


def attempt_delivery(
    delivery_id: int, *, now: datetime | None = None
) -> Delivery | None:
    """Try one pending, due delivery once; None when it is not ours to try now."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    route = _route_for(delivery)
    result = _send(delivery, route, now=now)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.channel, delivery.destination = route.channel, route.destination
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error
    if result.ok:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    elif delivery.attempts >= MAX_ATTEMPTS or route.misconfigured:
        delivery.status = DeliveryStatus.FAILED
        logger.error(
            "Delivery %s failed %s times: %s",
            delivery.uuid,
            delivery.attempts,
            result.error,
        )
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        logger.warning("Delivery %s failed (%s); retrying", delivery.uuid, result.error)
    delivery.save()
    if delivery.status == DeliveryStatus.PENDING:
        enqueue_delivery(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Try every pending delivery that is due (the periodic sweep); returns how many."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at")
    tried = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        tried += attempt_delivery(pk, now=now) is not None
    return tried


def retry_deliveries(deliveries) -> int:
    """Put failed or waiting deliveries back in the queue, due now (admin action)."""
    now = timezone.now()
    ids = list(
        deliveries.exclude(status=DeliveryStatus.DELIVERED).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))
    return len(ids)


# --- routes and channels --------------------------------------------------------


def _helpdesk_route() -> Route:
    if conf.helpdesk_webhook_url():
        return Route(
            DeliveryChannel.WEBHOOK,
            conf.helpdesk_webhook_url(),
            conf.helpdesk_webhook_secret(),
        )
    if conf.helpdesk_email():
        return Route(DeliveryChannel.EMAIL, conf.helpdesk_email())
    return Route("", "")


def _no_route() -> Route:
    return Route("", "")


def _endpoint_route(endpoint) -> Route:
    if not endpoint.is_active:
        return Route("", "")
    return Route(DeliveryChannel.WEBHOOK, endpoint.url, endpoint.secret)


def _care_reply_route(delivery: Delivery) -> Route:
    from forum.care.services.outbound import reply_route

    return reply_route(delivery)


ROUTES: dict[str, Callable[[], Route]] = {"ticket.created": _helpdesk_route}
# Routes that depend on the delivery itself (each reply goes to its connector).
DELIVERY_ROUTES: dict[str, Callable[[Delivery], Route]] = {
    "care.reply": _care_reply_route
}


def _route_for(delivery: Delivery) -> Route:
    if delivery.endpoint_id:
        return _endpoint_route(delivery.endpoint)
    if delivery.event in DELIVERY_ROUTES:
        return DELIVERY_ROUTES[delivery.event](delivery)
    return ROUTES.get(delivery.event, _no_route)()


def _send(delivery: Delivery, route: Route, *, now: datetime) -> webhooks.AttemptResult:
    if route.misconfigured:
        return webhooks.AttemptResult(ok=False, error=route.misconfigured)
    if route.send is not None:
        return route.send(delivery, route)
    if route.channel == DeliveryChannel.WEBHOOK:
        if not route.secret:
            # Never send unsigned: the receiver could not tell us from anyone.
            return webhooks.AttemptResult(
                ok=False,
                error="No signing secret: set HELPDESK_WEBHOOK_SECRET "
                "(or the endpoint's secret).",
            )
        timestamp = str(int(now.timestamp()))
        body = webhooks.encode_body(
            {
                **delivery.payload,
                "delivery_id": str(delivery.uuid),
                "sent_at": timestamp,
            }
        )
        return webhooks.post_webhook(
            route.destination,
            body=body,
            secret=route.secret,
            timestamp=timestamp,
            delivery_id=str(delivery.uuid),
        )
    if route.channel == DeliveryChannel.EMAIL:
        return _send_email(delivery, route.destination)
    return webhooks.AttemptResult(
        ok=False,
        error="Nowhere to deliver: set HELPDESK_WEBHOOK_URL or HELPDESK_EMAIL.",
    )


def _send_email(delivery: Delivery, address: str) -> webhooks.AttemptResult:
    ticket = delivery.payload.get("ticket", {})
    reference = ticket.get("reference", "")
    lines = [
        f"Reference: {ticket.get('reference', '')}",
        f"Category: {ticket.get('category_label', '')}",
        f"From: {ticket.get('email', '')}",
        f"Journey: {delivery.payload.get('journey_id') or '-'}",
        f"Opened: {ticket.get('created_at', '')}",
        "",
        ticket.get("description", ""),
    ]
    message = EmailMessage(
        subject=f"[Support ticket {reference}] {ticket.get('subject', '')}",
        body="\n".join(lines),
        to=[address],
        reply_to=[ticket["email"]] if ticket.get("email") else None,
        headers={"X-Crowd-Delivery": str(delivery.uuid)},
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:  # SMTP errors come in many classes
        return webhooks.AttemptResult(ok=False, error=f"E-mail failed: {error}"[:500])
    return webhooks.AttemptResult(ok=True)
