"""Replies going back out through a case's connector.

The product holds no network credentials: a reply is a signed webhook to the
operator's posting service (the connector's ``outbound_url``), or an e-mail for
the e-mail channel. It is an outbox ``Delivery`` written in the reply's own
transaction, so it is retried with backoff and its attempts are the delivery log.
"""

from __future__ import annotations

from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from forum.care.models import CaseMessage, Direction, Network
from forum.deflection.models import Delivery
from forum.deflection.models.tickets import DeliveryChannel
from forum.deflection.services.outbox import Route, queue_delivery
from forum.deflection.services.webhooks import AttemptResult

REPLY_EVENT = "care.reply"
PAYLOAD_VERSION = 1


def reply_payload(message: CaseMessage) -> dict:
    """What the posting service receives (documented in docs/care.md)."""
    case = message.case
    return {
        "version": PAYLOAD_VERSION,
        "event": REPLY_EVENT,
        "connector": case.connector.slug,
        "network": case.network,
        "case": case.reference,
        "message_id": message.pk,
        "in_reply_to": _last_inbound_id(case),
        "to": {"handle": case.contact.handle, "id": case.contact.external_id},
        "public": message.is_public,
        "text": message.text,
    }


def _last_inbound_id(case) -> str:  # the message the reply answers
    return (
        case.messages.filter(direction="inbound")
        .exclude(external_id="")
        .order_by("-sent_at", "-pk")
        .values_list("external_id", flat=True)
        .first()
        or ""
    )


def queue_reply(message: CaseMessage) -> None:
    """Queue the reply's delivery; call inside the reply's transaction."""
    message.delivery = queue_delivery(event=REPLY_EVENT, payload=reply_payload(message))
    message.save(update_fields=["delivery"])


# --- Delivery (the outbox's route for "care.reply") ------------------------------

# An e-mail reply names at most this many earlier messages in References.
REFERENCES_MAX = 20


def reply_route(delivery: Delivery) -> Route:
    """Where a reply goes: the connector's posting service, or the customer's
    address for the e-mail channel. A route that cannot work until someone
    changes the connector fails the delivery at once, saying what to change."""
    message = (
        CaseMessage.objects.select_related("case__contact", "connector")
        .filter(delivery_id=delivery.pk)
        .first()
    )
    if message is None:
        return Route("", "", misconfigured="The reply of this delivery is gone.")
    connector, contact = message.connector, message.case.contact
    if contact.erased_at is not None:
        return Route("", "", misconfigured="The customer's details were erased.")
    if connector.network == Network.EMAIL:
        return Route(
            DeliveryChannel.EMAIL,
            contact.handle,
            send=lambda delivery, route: send_email_reply(message, delivery=delivery),
        )
    if not connector.outbound_url:
        return Route(
            "",
            "",
            misconfigured=f"Connector '{connector.name}' has no posting URL: set its "
            "outbound URL in the admin, then retry this delivery.",
        )
    if not connector.outbound_secret:
        # Never send unsigned: the posting service could not tell us from anyone.
        return Route(
            "",
            connector.outbound_url,
            misconfigured=f"Connector '{connector.name}' has no outbound secret: set "
            "one in the admin, then retry this delivery.",
        )
    return Route(
        DeliveryChannel.WEBHOOK, connector.outbound_url, connector.outbound_secret
    )


def send_email_reply(message: CaseMessage, *, delivery: Delivery) -> AttemptResult:
    """E-mail the reply to the customer as an answer in their thread of mail
    (In-Reply-To and References), under a Message-ID kept on the reply, so the
    customer's answer to it joins the same case."""
    case = message.case
    if not message.external_id:
        message.external_id = make_msgid(domain=_mail_domain()).strip("<>")
        CaseMessage.objects.filter(pk=message.pk).update(
            external_id=message.external_id
        )
    headers = {
        "Message-ID": f"<{message.external_id}>",
        "X-Crowd-Delivery": str(delivery.uuid),
    }
    earlier = list(
        case.messages.filter(direction=Direction.INBOUND)
        .exclude(external_id="")
        .order_by("-sent_at", "-pk")
        .values_list("external_id", flat=True)[:REFERENCES_MAX]
    )[::-1]
    answered = delivery.payload.get("in_reply_to") or (earlier[-1] if earlier else "")
    if answered:
        headers["In-Reply-To"] = f"<{answered}>"
        headers["References"] = " ".join(f"<{ref}>" for ref in earlier)
    subject = case.subject or _("Your message (%(reference)s)") % {
        "reference": case.reference
    }
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    email = EmailMessage(
        subject=subject, body=message.text, to=[case.contact.handle], headers=headers
    )
    try:
        email.send(fail_silently=False)
    except Exception as error:  # SMTP errors come in many classes
        return AttemptResult(ok=False, error=f"E-mail failed: {error}"[:500])
    return AttemptResult(ok=True)


def _mail_domain() -> str:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if "@" in address:
        return address.rpartition("@")[2]
    return urlsplit(settings.SITE_URL).hostname or "localhost"
