"""E-mail in: Mailgun's inbound route ("forward" to this address) posts each
message as form fields (``sender``, ``from``, ``subject``, ``body-plain``,
``stripped-text``, ``Message-Id``, ``In-Reply-To``, ``References``) with
``timestamp``, ``token`` and ``signature``: the hex HMAC-SHA256 of
``timestamp + token`` under the webhook signing key (the connector's inbound
secret). The customer's handle is their address; mail is private.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parseaddr

from django.utils.translation import gettext_lazy

from forum.care.connectors import register
from forum.care.connectors.base import (
    SUBJECT_MAX_LENGTH,
    BadPayload,
    BaseConnector,
    IncomingMessage,
    body_field,
    handle_field,
    id_field,
)
from forum.care.models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, Network

# "On Tue, 10 Mar 2026 at 09:00, Agent <care@...> wrote:" opens the quoted reply.
_QUOTE_HEADER = re.compile(r"^\s*(On\b.*\bwrote:|-{2,}\s*Original Message\s*-{2,})")
_SIGNATURE = re.compile(r"^-- ?$")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


def strip_quoted(text: str) -> str:
    """The customer's own words: everything before the quoted earlier message or
    the signature, without ``>`` quoted lines."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _SIGNATURE.match(line) or _QUOTE_HEADER.match(line):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def message_ids(value: str) -> list[str]:
    """The ids in a Message-Id, In-Reply-To or References header, without <>."""
    found = _MESSAGE_ID.findall(value or "")
    if not found and value and value.strip():
        found = [value.strip()]
    return found


@register
class MailgunConnector(BaseConnector):
    kind = "mailgun"
    label = gettext_lazy("E-mail in (Mailgun inbound route)")

    def verify(self, request) -> None:
        stamp = self.check_timestamp(request.POST.get("timestamp"))
        token = request.POST.get("token", "")
        self.check_hmac(f"{stamp}{token}".encode(), request.POST.get("signature", ""))

    def parse(self, request) -> list[IncomingMessage]:
        # NUL characters cannot be stored; mail is not refused for carrying them.
        form = {key: value.replace("\x00", "") for key, value in request.POST.items()}
        name, from_address = parseaddr(form.get("from", ""))
        address = (form.get("sender") or from_address or "").strip().lower()
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
