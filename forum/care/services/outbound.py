"""Replies going back out through a case's connector.

The product holds no network credentials: a reply is a signed webhook to the
operator's posting service (the connector's ``outbound_url``), or an e-mail for
the e-mail channel. It is an outbox ``Delivery`` written in the reply's own
transaction, so it is retried with backoff and its attempts are the delivery log.
"""

from __future__ import annotations

from forum.care.models import CaseMessage
from forum.deflection.services.outbox import queue_delivery

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


def _last_inbound_id(case) -> str:
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
