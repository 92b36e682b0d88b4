"""Building the mail a member sends back to a reply address, as Mailgun posts it
and as a mail server pipes it."""

import hashlib
import hmac
import itertools
import time

from forum.notifications.inbound.tokens import make_reply_token, reply_address

DOMAIN = "reply.example.com"
SIGNING_KEY = "mailgun-signing-key-for-tests"  # not a secret  # nosec B105
QUOTE = (
    "\n\nOn Mon, 7 Dec 2026 at 10:00, Crowd Support <community@example.com> wrote:\n"
    "> Hi Carla,\n> Dan replied to your question.\n"
)
SIGNATURE = "\n-- \nCarla Jones\n0412 345 678\n"

_message_numbers = itertools.count(1)


def address_for(member, *, thread=None, conversation=None, notification_id=1) -> str:
    token = make_reply_token(
        user_id=member.pk,
        notification_id=notification_id,
        thread_id=thread.pk if thread else None,
        conversation_id=conversation.pk if conversation else None,
    )
    return reply_address(token)


def mailgun_fields(
    *, to: str, sender: str, text: str, message_id: str = "", **extra
) -> dict:
    """The form of Mailgun's inbound route (forward action), unsigned."""
    message_id = message_id or f"<reply-{next(_message_numbers)}@mail.example.net>"
    return {
        "recipient": to,
        "sender": sender,
        "from": f"Carla Jones <{sender}>",
        "subject": "Re: [Crowd Support] Dan replied",
        "body-plain": text,
        "stripped-text": "",
        "Message-Id": message_id,
    } | extra


def signed(fields: dict, *, key: str = SIGNING_KEY, timestamp: int | None = None):
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    token = "b" * 50
    signature = hmac.new(
        key.encode(), (stamp + token).encode(), hashlib.sha256
    ).hexdigest()
    return fields | {"timestamp": stamp, "token": token, "signature": signature}


def raw_message(
    *, to: str, sender: str, text: str, message_id: str = "", headers: str = ""
) -> bytes:
    message_id = message_id or f"<pipe-{next(_message_numbers)}@mail.example.net>"
    return (
        f"From: Carla Jones <{sender}>\r\n"
        f"To: {to}\r\n"
        "Subject: Re: [Crowd Support] Dan replied\r\n"
        f"Message-ID: {message_id}\r\n"
        f"{headers}"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n" + text.replace("\n", "\r\n")
    ).encode()
