"""Reading inbound mail, shared by the care desk and reply by e-mail: the Mailgun
signature, the sender's own words, raw messages and mail robots."""

import hashlib
import hmac
import time

import pytest

from forum.integrations.inbound_mail import (
    SignatureRefused,
    check_mailgun_signature,
    from_mailgun_form,
    from_raw_message,
    strip_quoted,
)

KEY = "signing-key"  # not a secret  # nosec B105


def _signature(stamp: str, token: str, key: str = KEY) -> str:
    return hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()


def test_a_fresh_post_signed_with_the_key_passes():
    stamp = str(int(time.time()))

    assert check_mailgun_signature(
        timestamp=stamp,
        token="t" * 50,
        signature=_signature(stamp, "t" * 50),
        key=KEY,
        tolerance_seconds=300,
    ) == int(stamp)


@pytest.mark.parametrize(
    ("stamp", "signature_key", "key"),
    [
        (str(int(time.time())), "other", KEY),
        (str(int(time.time()) - 301), KEY, KEY),
        ("yesterday", KEY, KEY),
        (str(int(time.time())), "", ""),
    ],
    ids=["other key", "too old", "malformed time", "no key configured"],
)
def test_a_post_not_signed_now_with_the_key_is_refused(stamp, signature_key, key):
    with pytest.raises(SignatureRefused):
        check_mailgun_signature(
            timestamp=stamp,
            token="t",
            signature=_signature(stamp, "t", signature_key),
            key=key,
            tolerance_seconds=300,
        )


@pytest.mark.parametrize(
    "text",
    [
        "Fixed, thanks!\n\nOn Mon, 7 Dec 2026 at 10:00, Crowd <c@example.com> wrote:"
        "\n> Hi",
        "Fixed, thanks!\n\nOn Mon, 7 Dec 2026 at 10:00, Crowd Support <\n"
        "community@example.com> wrote:\n\n> Hi",
        "Fixed, thanks!\n\n-----Original Message-----\nFrom: Crowd",
        "Fixed, thanks!\n\n________________________________\nFrom: Crowd",
        "Fixed, thanks!\n\nFrom: Crowd Support <c@example.com>\nSent: Monday\nTo: me",
        "Fixed, thanks!\n\nSent from my iPhone",
        "Fixed, thanks!\n-- \nCarla\n0412 345 678",
        "Fixed, thanks!\n\n在 2026年12月7日 10:00，Crowd <c@example.com> 写道：\n"
        "> 您好",
    ],
    ids=[
        "gmail",
        "folded header",
        "original message",
        "outlook rule",
        "outlook header",
        "mobile",
        "signature",
        "chinese client",
    ],
)
def test_the_quoted_message_and_signature_are_taken_out(text):
    assert strip_quoted(text) == "Fixed, thanks!"


def test_a_line_mentioning_from_without_a_header_block_is_kept():
    text = "From: my phone it still drops.\nAny ideas?"

    assert strip_quoted(text) == text


def test_the_mailgun_form_prefers_the_from_header_and_keeps_the_token_case():
    email = from_mailgun_form(
        {
            "recipient": "reply+t1-2-3.AbC.xyz@reply.example.com",
            "sender": "bounces+123@list.example.net",
            "from": "Carla <Carla@Example.NET>",
            "subject": "Re:  the\n thread",
            "stripped-text": "Short answer",
            "body-plain": "Short answer\n> quoted",
            "Message-Id": "<m1@example.net>",
        }
    )

    assert email.sender == "carla@example.net"
    assert email.recipients == ["reply+t1-2-3.AbC.xyz@reply.example.com"]
    assert (email.subject, email.text, email.message_id) == (
        "Re: the thread",
        "Short answer",
        "m1@example.net",
    )
    assert email.is_automatic is False


def test_mail_without_a_message_id_gets_the_same_id_each_time_it_comes():
    form = {"recipient": "r@x.example", "from": "a@b.example", "body-plain": "Hi"}

    first, again = from_mailgun_form(form), from_mailgun_form(dict(form))

    assert first.message_id == again.message_id != ""
    assert from_mailgun_form(form | {"body-plain": "Other"}).message_id != (
        first.message_id
    )


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: auto-replied\r\n",
        "Precedence: bulk\r\n",
        "X-Autoreply: yes\r\n",
    ],
)
def test_mail_sent_by_a_robot_is_recognised(headers):
    raw = (
        "From: Carla <carla@example.net>\r\nTo: r@x.example\r\n"
        f"{headers}\r\nAway until Monday."
    ).encode()

    assert from_raw_message(raw).is_automatic is True


def test_a_bounce_from_the_mailer_daemon_is_automatic():
    raw = b"From: MAILER-DAEMON@mx.example.net\r\nTo: r@x.example\r\n\r\nUndeliverable"

    assert from_raw_message(raw).is_automatic is True


def test_a_raw_multipart_message_gives_its_plain_text_and_recipients():
    raw = (
        b"From: =?utf-8?q?Carla_J=C3=B6nes?= <carla@example.net>\r\n"
        b"To: Crowd <reply+tok@reply.example.com>\r\n"
        b"Cc: other@example.com\r\n"
        b"Subject: =?utf-8?q?Re:_caf=C3=A9?=\r\n"
        b"Message-ID: <raw-1@example.net>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Plain words\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Html words</p>\r\n--b--\r\n"
    )

    email = from_raw_message(raw)

    assert (email.sender, email.sender_name) == ("carla@example.net", "Carla Jönes")
    assert email.recipients == ["reply+tok@reply.example.com", "other@example.com"]
    assert (email.subject, email.text.strip()) == ("Re: café", "Plain words")
    assert email.message_id == "raw-1@example.net"


def test_an_html_only_message_is_read_without_its_tags():
    raw = (
        b"From: carla@example.net\r\nTo: r@x.example\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Only <b>html</b></p>"
    )

    assert from_raw_message(raw).text.strip() == "Only html"


def test_an_unreadable_message_gives_empty_fields_rather_than_an_error():
    email = from_raw_message(b"\xff\xfe garbage without headers")

    assert email.sender == ""
    assert email.recipients == []
