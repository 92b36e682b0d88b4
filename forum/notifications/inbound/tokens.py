"""Reply addresses: ``reply+<token>@<REPLY_BY_EMAIL_DOMAIN>``, one per notification
e-mail. The token names the recipient, what they may answer (a thread or a
conversation) and the notification, signed with django.core.signing under its own
salt, so nobody can write one for another member or another thread.

An address's local part holds at most 64 characters (RFC 5321), so the token is
compact: the ids in base 36 and a signature cut to 120 bits (lower-case base 32).
SECRET_KEY_FALLBACKS still verify addresses issued before a key rotation.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

SALT = "forum.notifications.reply_by_email"
PREFIX = "reply+"
THREAD, CONVERSATION = "t", "c"
_PAYLOAD = re.compile(
    r"^(?P<kind>[tc])(?P<target>[0-9a-z]+)-(?P<user>[0-9a-z]+)-(?P<n>[0-9a-z]+)$"
)


class InvalidReplyToken(Exception):
    """The reply address was not issued by this site (forged or mangled)."""


class ExpiredReplyToken(InvalidReplyToken):
    """A genuine reply address, older than REPLY_BY_EMAIL_MAX_AGE_DAYS; ``token``
    still says whose it was, so they can be told."""

    def __init__(self, token: ReplyToken):
        super().__init__("This reply address has expired.")
        self.token = token


@dataclass(frozen=True)
class ReplyToken:
    user_id: int
    notification_id: int
    thread_id: int | None = None
    conversation_id: int | None = None


class _CompactSigner(signing.TimestampSigner):
    def signature(self, value, key=None):
        digest = salted_hmac(
            self.salt + "signer", value, key or self.key, algorithm="sha256"
        ).digest()
        return base64.b32encode(digest[:15]).decode().lower()


def _signer() -> _CompactSigner:
    # "." is allowed in an address's local part and is not in the signer's alphabet.
    return _CompactSigner(salt=SALT, sep=".")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if not number:
            return text


def is_enabled() -> bool:
    return bool(settings.REPLY_BY_EMAIL_DOMAIN)


def make_reply_token(
    *,
    user_id: int,
    notification_id: int,
    thread_id: int | None = None,
    conversation_id: int | None = None,
) -> str:
    """A signed token for one recipient and one thread or conversation."""
    kind, target = (
        (THREAD, thread_id)
        if thread_id is not None
        else (CONVERSATION, conversation_id)
    )
    if target is None:
        raise ValueError("A reply token names a thread or a conversation.")
    payload = f"{kind}{_base36(target)}-{_base36(user_id)}-{_base36(notification_id)}"
    return _signer().sign(payload)


def reply_address(token: str) -> str:
    return f"{PREFIX}{token}@{settings.REPLY_BY_EMAIL_DOMAIN}"


def read_reply_token(token: str) -> ReplyToken:
    """What a token names; raises ExpiredReplyToken (genuine but too old) or
    InvalidReplyToken (anything else)."""
    max_age = settings.REPLY_BY_EMAIL_MAX_AGE_DAYS * 86400
    signer = _signer()
    try:
        return _decode(signer.unsign(token, max_age=max_age))
    except signing.SignatureExpired:
        raise ExpiredReplyToken(_decode(signer.unsign(token))) from None
    except (signing.BadSignature, ValueError):
        raise InvalidReplyToken("This reply address was not issued here.") from None


def _decode(payload: str) -> ReplyToken:
    match = _PAYLOAD.match(payload)
    if match is None:
        raise InvalidReplyToken("This reply address was not issued here.")
    target = int(match["target"], 36)
    return ReplyToken(
        user_id=int(match["user"], 36),
        notification_id=int(match["n"], 36),
        thread_id=target if match["kind"] == THREAD else None,
        conversation_id=target if match["kind"] == CONVERSATION else None,
    )


def reply_address_in(recipients: list[str]) -> str:
    """The first of ``recipients`` that is a reply address on this site's reply
    domain ("" when none is)."""
    domain = settings.REPLY_BY_EMAIL_DOMAIN.lower()
    for address in recipients:
        local, _, address_domain = address.rpartition("@")
        if address_domain.lower() == domain and local.lower().startswith(PREFIX):
            return address
    return ""


def token_of(address: str) -> str:
    """The token in a reply address."""
    local = address.rpartition("@")[0]
    return local[len(PREFIX) :]


def reply_address_for(notification) -> str:
    """The Reply-To of a notification e-mail: a reply address for a reply in a
    thread or a private message, "" for other kinds or when the feature is off."""
    from forum.notifications.models import NotificationKind

    if not is_enabled():
        return ""
    if notification.kind == NotificationKind.REPLY and notification.thread_id:
        target = {"thread_id": notification.thread_id}
    elif notification.kind == NotificationKind.MESSAGE and notification.conversation_id:
        target = {"conversation_id": notification.conversation_id}
    else:
        return ""
    token = make_reply_token(
        user_id=notification.recipient_id, notification_id=notification.pk, **target
    )
    return reply_address(token)
