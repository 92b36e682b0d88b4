"""Mail coming in, whoever takes it: the care desk's e-mail connector and reply by
e-mail both read Mailgun's inbound-route form and raw RFC 822 messages, check
Mailgun's signature, and keep only what the sender wrote (no quoted earlier
message, no signature). Written once here so both read mail the same way.

Mailgun signs each inbound post with ``timestamp``, ``token`` and ``signature``:
the hex HMAC-SHA256 of ``timestamp + token`` under the webhook signing key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from django.utils.html import strip_tags

# "On Tue, 10 Mar 2026 at 09:00, Agent <care@...> wrote:" opens the quoted reply;
# Chinese and Arabic mail clients write the same line in their own words.
_QUOTE_HEADER = re.compile(
    r"^\s*(On\b.*\bwrote:\s*$"
    r"|-{2,}\s*Original Message\s*-{2,}"
    r"|_{10,}\s*$"
    r"|.*写道[:：]\s*$"
    r"|في\s.*كتب\s*[:：]\s*$)"
)
# Clients that fold the header: "On Tue, 10 Mar 2026, Agent <" / "care@...> wrote:".
_QUOTE_HEADER_START = re.compile(r"^\s*On\s")
_QUOTE_HEADER_END = re.compile(r"\bwrote:\s*$")
# Outlook quotes under a "From: ..." block followed by "Sent:" or "Date:".
_OUTLOOK_FROM = re.compile(r"^\s*\*?From:\*?\s")
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date):\*?\s")
_SIGNATURE = re.compile(r"^-- ?$")
_MOBILE_SIGNATURE = re.compile(r"^\s*(Sent from my\s|Get Outlook for\s)", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")

# Headers that mark mail nobody typed (RFC 3834 and the conventions before it):
# answering it would start a loop of automatic mail.
_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATIC_SENDERS = ("mailer-daemon@", "postmaster@")


class SignatureRefused(Exception):  # noqa: N818 - reads as "the signature was refused"
    """A Mailgun post whose signature is missing, wrong or too old."""


def check_mailgun_signature(
    *,
    timestamp: str | None,
    token: str | None,
    signature: str | None,
    key: str,
    tolerance_seconds: int,
) -> int:
    """The post's unix time; raises SignatureRefused unless ``signature`` is the
    HMAC of ``timestamp + token`` under ``key`` and the time is within
    ``tolerance_seconds`` of now (an old post replayed)."""
    try:
        stamp = int(timestamp or "")
    except ValueError:
        raise SignatureRefused("Missing or malformed timestamp.") from None
    if abs(time.time() - stamp) > tolerance_seconds:
        raise SignatureRefused("The timestamp is outside the accepted window.")
    expected = hmac.new(
        key.encode(), f"{stamp}{token or ''}".encode(), hashlib.sha256
    ).hexdigest()
    if not key or not hmac.compare_digest(expected, signature or ""):
        raise SignatureRefused("The signature does not match.")
    return stamp


def strip_quoted(text: str) -> str:
    """The sender's own words: everything before the quoted earlier message or
    the signature, without ``>`` quoted lines."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept = []
    for index, line in enumerate(lines):
        following = lines[index + 1 : index + 4]
        if _ends_own_words(line, following):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def _ends_own_words(line: str, following: list[str]) -> bool:
    if _SIGNATURE.match(line) or _QUOTE_HEADER.match(line):
        return True
    if _MOBILE_SIGNATURE.match(line):
        return True
    if _QUOTE_HEADER_START.match(line) and following:
        return bool(_QUOTE_HEADER_END.search(following[0]))
    if _OUTLOOK_FROM.match(line):
        return any(_OUTLOOK_NEXT.match(next_line) for next_line in following)
    return False


def message_ids(value: str) -> list[str]:
    """The ids in a Message-Id, In-Reply-To or References header, without <>."""
    found = _MESSAGE_ID.findall(value or "")
    if not found and value and value.strip():
        found = [value.strip()]
    return found


def parse_address(value: str) -> tuple[str, str]:
    """(display name, address in lower case) of a From or Sender header; the
    address is "" when the header holds none."""
    name, address = parseaddr(value or "")
    address = address.strip().lower()
    return name.strip(), address if "@" in address else ""


def addresses_in(value: str) -> list[str]:
    """Every address in a To, Cc or Mailgun ``recipient`` value, as written: the
    part before the @ may be case-sensitive (a reply address's token is)."""
    found = getaddresses([value or ""])
    return [address.strip() for _, address in found if "@" in address]


@dataclass(frozen=True)
class InboundEmail:
    """One e-mail as both Mailgun's form and a raw message give it."""

    message_id: str
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    text: str
    is_automatic: bool = False
    in_reply_to: list[str] = field(default_factory=list)

    @property
    def own_words(self) -> str:
        return strip_quoted(self.text)


def is_automatic(headers: dict[str, str], *, sender: str) -> bool:
    """Whether the mail was sent by a machine (an out-of-office answer, a bounce):
    ``headers`` maps lower-case header names to values."""
    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    if headers.get("precedence", "").strip().lower() in _AUTOMATIC_PRECEDENCE:
        return True
    return not sender or sender.startswith(_AUTOMATIC_SENDERS)


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _fallback_message_id(*parts: str) -> str:
    """An id for mail that carries none, the same for the same mail delivered
    twice, so a redelivery is still recognised."""
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]
    return f"{digest}@no-message-id"


def from_mailgun_form(form: dict[str, str]) -> InboundEmail:
    """An inbound e-mail from Mailgun's route form (``recipient``, ``sender``,
    ``from``, ``subject``, ``body-plain``, ``stripped-text``, ``body-html``,
    ``Message-Id``, ``message-headers``). NUL characters are dropped: they cannot
    be stored, and mail is not refused for carrying them."""
    form = {key: str(value).replace("\x00", "") for key, value in form.items()}
    name, from_address = parse_address(form.get("from", ""))
    sender = from_address or parse_address(form.get("sender", ""))[1]
    text = (
        form.get("stripped-text")
        or form.get("body-plain")
        or strip_tags(form.get("body-html", ""))
    )
    headers = _mailgun_headers(form.get("message-headers", ""))
    subject = _one_line(form.get("subject", ""))
    [message_id, *_] = message_ids(form.get("Message-Id", "")) or [""]
    return InboundEmail(
        message_id=message_id
        or _fallback_message_id(sender, form.get("recipient", ""), subject, text),
        sender=sender,
        sender_name=name,
        recipients=addresses_in(form.get("recipient", "")),
        subject=subject,
        text=text,
        is_automatic=is_automatic(headers, sender=sender),
        in_reply_to=message_ids(form.get("In-Reply-To", "")),
    )


def _mailgun_headers(raw: str) -> dict[str, str]:
    """Mailgun's ``message-headers``: a JSON list of [name, value] pairs."""
    try:
        pairs = json.loads(raw or "[]")
    except ValueError:
        return {}
    if not isinstance(pairs, list):
        return {}
    return {
        str(pair[0]).lower(): str(pair[1])
        for pair in pairs
        if isinstance(pair, list) and len(pair) == 2
    }


def from_raw_message(raw: bytes, *, recipient: str = "") -> InboundEmail:
    """An inbound e-mail from the raw RFC 822 bytes an MTA pipes or a mailbox
    fetcher hands over. ``recipient`` is the envelope recipient when the MTA
    passes it; otherwise Delivered-To, X-Original-To, To and Cc are read."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    headers = {name.lower(): str(value) for name, value in message.items()}
    name, sender = _sender_of(message)
    recipients = addresses_in(recipient) or [
        address
        for header in ("delivered-to", "x-original-to", "to", "cc")
        for address in addresses_in(headers.get(header, ""))
    ]
    subject = _one_line(headers.get("subject", ""))
    text = _plain_text(message).replace("\x00", "")
    [message_id, *_] = message_ids(headers.get("message-id", "")) or [""]
    return InboundEmail(
        message_id=message_id
        or _fallback_message_id(sender, ",".join(recipients), subject, text),
        sender=sender,
        sender_name=name,
        recipients=recipients,
        subject=subject,
        text=text,
        is_automatic=is_automatic(headers, sender=sender),
        in_reply_to=message_ids(headers.get("in-reply-to", "")),
    )


def _sender_of(message: EmailMessage) -> tuple[str, str]:
    try:
        from_header = message["From"]
    except (ValueError, IndexError):  # a header the parser cannot read
        return "", ""
    addresses = getattr(from_header, "addresses", ()) if from_header else ()
    first = next(iter(addresses), None)
    if isinstance(first, Address) and "@" in first.addr_spec:
        return first.display_name, first.addr_spec.lower()
    return parse_address(str(from_header or ""))


def _plain_text(message: EmailMessage) -> str:
    """The text/plain body, else the HTML body without its tags."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        content = body.get_content() if body is not None else ""
    except (LookupError, KeyError, ValueError):  # an unknown charset, a bad part
        return ""
    if body is not None and body.get_content_subtype() == "html":
        return strip_tags(content)
    return content if isinstance(content, str) else ""
