"""What every connector does: check that a request really comes from the sender it
claims (a signature over the body, with a timestamp close to now), and turn it into
``IncomingMessage`` items. Both steps refuse by raising, and the intake view turns
the refusal into 401 or 400; nothing is stored before both have passed.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings

from forum.care.models import (
    EXTERNAL_ID_MAX_LENGTH,
    HANDLE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from forum.care.models import Connector

URL_MAX_LENGTH = 500
SUBJECT_MAX_LENGTH = 200


class Unauthorized(Exception):  # noqa: N818 - reads as "the request is unauthorized"
    """The request is not signed by the connector's secret, or is too old."""


class BadPayload(Exception):  # noqa: N818 - reads as "a bad payload"
    """A signed request whose content is wrong; ``field`` names the culprit as a
    path into the payload (``messages[0].text``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class IncomingMessage:
    """One message as the intake stores it, whatever connector brought it."""

    external_id: str
    network: str
    author_id: str
    author_handle: str
    author_name: str
    text: str
    sent_at: datetime
    is_public: bool
    in_reply_to: str = ""
    url: str = ""
    subject: str = ""

    def as_payload(self) -> dict:
        """JSON for ``InboundMessage.payload``; ``from_payload`` reads it back."""
        return asdict(self) | {"sent_at": self.sent_at.isoformat()}

    @classmethod
    def from_payload(cls, payload: dict) -> IncomingMessage:
        sent_at = datetime.fromisoformat(payload["sent_at"])
        return cls(**(payload | {"sent_at": sent_at}))


class BaseConnector:
    """A kind of connector. Subclasses set ``kind`` (the ``Connector.kind`` that
    selects them) and implement ``verify`` and ``parse``."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""

    def __init__(self, connector: Connector):
        self.connector = connector

    def verify(self, request: HttpRequest) -> None:
        """Raise ``Unauthorized`` unless the request is signed and fresh."""
        raise NotImplementedError

    def parse(self, request: HttpRequest) -> list[IncomingMessage]:
        """The request's messages; raise ``BadPayload`` naming the wrong field."""
        raise NotImplementedError

    # Helpers for subclasses -------------------------------------------------------

    def check_timestamp(self, value: str | None) -> int:
        """The request's unix time, refused when missing or further from now than
        CARE_INTAKE_TOLERANCE_SECONDS (a replayed request)."""
        try:
            stamp = int(value or "")
        except ValueError:
            raise Unauthorized("Missing or malformed timestamp.") from None
        if abs(time.time() - stamp) > settings.CARE_INTAKE_TOLERANCE_SECONDS:
            raise Unauthorized("The timestamp is outside the accepted window.")
        return stamp

    def check_hmac(self, message: bytes, signature: str) -> None:
        """Compare ``signature`` (hex) with the HMAC-SHA256 of ``message`` under
        the connector's inbound secret, in constant time."""
        expected = hmac.new(
            self.connector.inbound_secret.encode(), message, hashlib.sha256
        ).hexdigest()
        if not self.connector.inbound_secret or not hmac.compare_digest(
            expected, signature or ""
        ):
            raise Unauthorized("The signature does not match.")


# Field checks shared by the parsers; each raises BadPayload naming ``field``.


def text_field(
    value, field: str, *, max_length: int, required: bool = True, strip: bool = True
) -> str:
    if value is None or value == "":
        if required:
            raise BadPayload(field, "This field is required.")
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadPayload(field, "Expected a string.")
    if strip:
        value = value.strip()
    if required and not value:
        raise BadPayload(field, "This field is required.")
    if len(value) > max_length:
        raise BadPayload(field, f"Longer than {max_length} characters.")
    if "\x00" in value:
        raise BadPayload(field, "Contains a NUL character.")
    try:
        value.encode()
    except UnicodeEncodeError:  # a lone surrogate escaped in the JSON
        raise BadPayload(field, "Not valid Unicode text.") from None
    return value


def id_field(value, field: str, *, required: bool = True) -> str:
    return text_field(
        value, field, max_length=EXTERNAL_ID_MAX_LENGTH, required=required
    )


def handle_field(value, field: str) -> str:
    return text_field(value, field, max_length=HANDLE_MAX_LENGTH)


def name_field(value, field: str) -> str:
    return text_field(value, field, max_length=NAME_MAX_LENGTH, required=False)


def body_field(value, field: str) -> str:
    return text_field(value, field, max_length=TEXT_MAX_LENGTH)


def url_field(value, field: str) -> str:
    url = text_field(value, field, max_length=URL_MAX_LENGTH, required=False)
    if url and not url.lower().startswith(("https://", "http://")):
        raise BadPayload(field, "Expected an http(s) address.")
    return url


def time_field(value, field: str) -> datetime:
    """An ISO 8601 time with its offset (``Z`` or ``+10:00``)."""
    if not isinstance(value, str) or not value:
        raise BadPayload(field, "Expected an ISO 8601 time.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadPayload(field, "Expected an ISO 8601 time.") from None
    if moment.tzinfo is None:
        raise BadPayload(field, "The time needs its UTC offset (e.g. Z).")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # the first or last day of the calendar
        raise BadPayload(field, "The time is out of range.") from None
