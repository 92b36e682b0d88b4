"""The generic signed webhook, version 1 (docs/care.md): a social listening tool,
or a small relay in front of a network's own webhooks, posts JSON like

    {"version": 1, "messages": [{"id": "1790", "network": "twitter",
      "author": {"id": "4411", "handle": "@carla", "name": "Carla"},
      "text": "...", "url": "https://...", "created_at": "2026-03-10T09:00:00Z",
      "in_reply_to": null, "visibility": "public"}]}

signed with ``X-Crowd-Timestamp`` (unix seconds) and ``X-Crowd-Signature:
sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>." + body`` under the
connector's inbound secret.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from forum.care.connectors import register
from forum.care.connectors.base import (
    BadPayload,
    BaseConnector,
    IncomingMessage,
    Unauthorized,
    body_field,
    handle_field,
    id_field,
    name_field,
    time_field,
    url_field,
)
from forum.care.models import Network

VERSION = 1
MAX_MESSAGES = 100
VISIBILITIES = {"public": True, "private": False}


@register
class WebhookConnector(BaseConnector):
    kind = "webhook"
    label = _("Generic signed webhook (version 1)")

    def verify(self, request) -> None:
        stamp = self.check_timestamp(request.headers.get("X-Crowd-Timestamp"))
        header = request.headers.get("X-Crowd-Signature", "")
        if not header.startswith("sha256="):
            raise Unauthorized("Missing signature.")
        self.check_hmac(f"{stamp}.".encode() + request.body, header[len("sha256=") :])

    def parse(self, request) -> list[IncomingMessage]:
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            raise BadPayload("body", "The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise BadPayload("body", "Expected a JSON object.")
        if data.get("version") != VERSION:
            raise BadPayload("version", f"Unsupported version; send {VERSION}.")
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages:
            raise BadPayload("messages", "Expected a non-empty list.")
        if len(messages) > MAX_MESSAGES:
            raise BadPayload("messages", f"At most {MAX_MESSAGES} per request.")
        return [parse_message(m, f"messages[{i}]") for i, m in enumerate(messages)]


def parse_message(item, path: str) -> IncomingMessage:
    """One version 1 message, every field checked."""
    if not isinstance(item, dict):
        raise BadPayload(path, "Expected an object.")
    network = item.get("network")
    if network not in Network.values:
        raise BadPayload(
            f"{path}.network", f"Expected one of: {', '.join(Network.values)}."
        )
    author = item.get("author")
    if not isinstance(author, dict):
        raise BadPayload(f"{path}.author", "Expected an object.")
    visibility = item.get("visibility")
    if visibility not in VISIBILITIES:
        raise BadPayload(f"{path}.visibility", 'Expected "public" or "private".')
    return IncomingMessage(
        external_id=id_field(item.get("id"), f"{path}.id"),
        network=network,
        author_id=id_field(author.get("id"), f"{path}.author.id"),
        author_handle=handle_field(author.get("handle"), f"{path}.author.handle"),
        author_name=name_field(author.get("name"), f"{path}.author.name"),
        text=body_field(item.get("text"), f"{path}.text"),
        url=url_field(item.get("url"), f"{path}.url"),
        sent_at=time_field(item.get("created_at"), f"{path}.created_at"),
        in_reply_to=id_field(
            item.get("in_reply_to"), f"{path}.in_reply_to", required=False
        ),
        is_public=VISIBILITIES[visibility],
    )
