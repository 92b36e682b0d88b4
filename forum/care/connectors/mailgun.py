"""E-mail in: Mailgun's inbound route ("forward" to this address) posts each
message as form fields (``sender``, ``from``, ``subject``, ``body-plain``,
``stripped-text``, ``Message-Id``, ``In-Reply-To``, ``References``) with
``timestamp``, ``token`` and ``signature``: the hex HMAC-SHA256 of
``timestamp + token`` under the webhook signing key (the connector's inbound
secret). The customer's handle is their address; mail is private.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings

from django.utils.translation import gettext_lazy

from forum.care.connectors import register
from forum.care.connectors.base import (
    SUBJECT_MAX_LENGTH,
    BadPayload,
    BaseConnector,
    IncomingMessage,
    Unauthorized,
    body_field,
    handle_field,
    id_field,
)
from forum.care.models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, Network

# Shared with reply by e-mail, so both read mail the same way.
from forum.integrations.inbound_mail import (
    SignatureRefused,
    check_mailgun_signature,
    message_ids,
    parse_address,
    strip_quoted,
)

__all__ = ["MailgunConnector", "message_ids", "strip_quoted"]


@register
class MailgunConnector(BaseConnector):
    kind = "mailgun"
    label = gettext_lazy("E-mail in (Mailgun inbound route)")

    def verify(self, request) -> None:
        try:
            check_mailgun_signature(
                timestamp=request.POST.get("timestamp"),
                token=request.POST.get("token", ""),
                signature=request.POST.get("signature", ""),
                key=self.connector.inbound_secret,
                tolerance_seconds=settings.CARE_INTAKE_TOLERANCE_SECONDS,
            )
        except SignatureRefused as refusal:
            raise Unauthorized(str(refusal)) from None

    def parse(self, request) -> list[IncomingMessage]:
        # NUL characters cannot be stored; mail is not refused for carrying them.
        form = {key: value.replace("\x00", "") for key, value in request.POST.items()}
        name, from_address = parse_address(form.get("from", ""))
        address = parse_address(form.get("sender", ""))[1] or from_address
        if "@" not in address:
            raise BadPayload("sender", "Expected the sender's e-mail address.")
        [external_id, *_] = message_ids(form.get("Message-Id", "")) or [""]
        text = form.get("stripped-text") or form.get("body-plain") or ""
        subject = " ".join((form.get("subject") or "").split())[:SUBJECT_MAX_LENGTH]
        # A reply names the message it answers; else the last one it refers to.
        earlier = (
            message_ids(form.get("In-Reply-To", ""))
            or message_ids(form.get("References", ""))[-1:]
        )
        return [
            IncomingMessage(
                external_id=id_field(external_id, "Message-Id"),
                network=Network.EMAIL,
                author_id=handle_field(address, "sender"),
                author_handle=handle_field(address, "sender"),
                # Mail is not refused for being long (the sender could not
                # shorten it): the name, subject and text are cut to fit.
                author_name=name[:NAME_MAX_LENGTH],
                text=body_field(
                    (strip_quoted(text) or subject)[:TEXT_MAX_LENGTH], "body-plain"
                ),
                subject=subject,
                sent_at=datetime.fromtimestamp(int(form["timestamp"]), tz=UTC),
                in_reply_to=id_field(
                    earlier[0] if earlier else "", "In-Reply-To", required=False
                ),
                is_public=False,
            )
        ]
