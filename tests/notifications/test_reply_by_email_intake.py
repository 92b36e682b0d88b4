"""The two doors mail comes in by: the signed Mailgun webhook (its refusals answer
with an error and store nothing) and the ``receive_reply_mail`` command an MTA
pipes a raw message to."""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from forum.models import Post
from forum.notifications.inbound.models import InboundReply, InboundSource, InboundState
from tests.notifications.reply_mail import (
    DOMAIN,
    QUOTE,
    SIGNING_KEY,
    address_for,
    mailgun_fields,
    raw_message,
    signed,
)

pytestmark = pytest.mark.django_db

URL = "/mail/inbound/mailgun/"


@pytest.fixture(autouse=True)
def reply_by_email(settings):
    settings.REPLY_BY_EMAIL_DOMAIN = DOMAIN
    settings.REPLY_BY_EMAIL_MAILGUN_SIGNING_KEY = SIGNING_KEY


@pytest.fixture
def answer(question, customer):
    return mailgun_fields(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Fixed after the line test.",
    )


def test_the_webhook_lives_at_mail_inbound_mailgun():
    assert reverse("inbound_mail:mailgun") == URL


@pytest.mark.parametrize(
    "signing",
    [
        {"key": "someone-elses-key"},
        {"timestamp": int(time.time()) - 3600},
        {"timestamp": int(time.time()) + 3600},
    ],
    ids=["wrong key", "stale timestamp", "future timestamp"],
)
def test_a_badly_signed_or_stale_post_is_refused_and_stores_nothing(
    client, answer, signing
):
    response = client.post(URL, signed(answer, **signing))

    assert response.status_code == 401
    assert "error" in response.json()
    assert not InboundReply.objects.exists()
    assert not Post.objects.filter(body="Fixed after the line test.").exists()


def test_an_unsigned_post_is_refused(client, answer):
    response = client.post(URL, answer)

    assert response.status_code == 401
    assert not InboundReply.objects.exists()


def test_without_a_signing_key_every_post_is_refused(settings, client, answer):
    settings.REPLY_BY_EMAIL_MAILGUN_SIGNING_KEY = ""

    response = client.post(URL, signed(answer, key=""))

    assert response.status_code == 401


def test_an_oversized_post_is_refused_before_it_is_read(client, answer):
    fields = answer | {"body-plain": "x" * 2_100_000}

    response = client.post(URL, signed(fields))

    assert response.status_code == 413
    assert not InboundReply.objects.exists()


def test_a_post_without_a_reply_address_names_the_recipient_field(client, answer):
    fields = answer | {"recipient": "help@example.com"}

    response = client.post(URL, signed(fields))

    assert (response.status_code, response.json()["field"]) == (400, "recipient")
    assert not InboundReply.objects.exists()


def test_a_reply_address_on_another_domain_is_not_taken(client, answer):
    fields = answer | {"recipient": answer["recipient"].replace(DOMAIN, "evil.example")}

    response = client.post(URL, signed(fields))

    assert response.status_code == 400


def test_with_reply_by_email_off_the_webhook_is_not_found(settings, client, answer):
    settings.REPLY_BY_EMAIL_DOMAIN = ""

    response = client.post(URL, signed(answer))

    assert response.status_code == 404
    assert not InboundReply.objects.exists()


def test_the_webhook_takes_only_posts(client):
    assert client.get(URL).status_code == 405


def test_a_garbled_form_is_answered_without_a_server_error(client):
    fields = {
        "recipient": "reply+%%%@" + DOMAIN,
        "from": "<<>>",
        "message-headers": "{",
    }

    response = client.post(URL, signed(fields))

    assert response.status_code == 400


def test_a_post_with_nul_characters_and_a_forged_token_is_stored_as_refused(
    client, customer, django_capture_on_commit_callbacks
):
    fields = mailgun_fields(
        to="reply+\x00zz@" + DOMAIN, sender=customer.email, text="Hi\x00 there"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, signed(fields))

    assert response.status_code == 200
    assert InboundReply.objects.get().refusal == "forged"


# The command an MTA pipes to ------------------------------------------------------


def _pipe(monkeypatch, raw: bytes, *args) -> str:
    stdin = io.TextIOWrapper(io.BytesIO(raw))
    monkeypatch.setattr("sys.stdin", stdin)
    out = io.StringIO()
    call_command("receive_reply_mail", *args, stdout=out)
    return out.getvalue()


def test_a_piped_message_becomes_the_members_reply(
    monkeypatch, question, customer, django_capture_on_commit_callbacks
):
    raw = raw_message(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Piped and posted." + QUOTE,
    )

    with django_capture_on_commit_callbacks(execute=True):
        output = _pipe(monkeypatch, raw)

    assert "stored" in output
    inbound = InboundReply.objects.get()
    assert (inbound.source, inbound.state) == (InboundSource.PIPE, InboundState.POSTED)
    assert inbound.post.body == "Piped and posted."
    assert inbound.post.author == customer


def test_the_envelope_recipient_given_by_the_mta_wins_over_the_headers(
    monkeypatch, question, customer, django_capture_on_commit_callbacks
):
    address = address_for(customer, thread=question)
    raw = raw_message(to="list@example.com", sender=customer.email, text="Envelope.")

    with django_capture_on_commit_callbacks(execute=True):
        _pipe(monkeypatch, raw, "--recipient", address)

    assert InboundReply.objects.get().post.body == "Envelope."


def test_a_piped_message_delivered_twice_posts_once(
    monkeypatch, question, customer, django_capture_on_commit_callbacks
):
    raw = raw_message(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Only once.",
        message_id="<pipe-twice@mail.example.net>",
    )

    with django_capture_on_commit_callbacks(execute=True):
        _pipe(monkeypatch, raw)
        output = _pipe(monkeypatch, raw)

    assert "duplicate" in output
    assert Post.objects.filter(body="Only once.").count() == 1


def test_a_piped_message_for_no_reply_address_exits_with_a_data_error(monkeypatch):
    raw = raw_message(to="help@example.com", sender="a@example.net", text="Hi")

    with pytest.raises(CommandError) as refused:
        _pipe(monkeypatch, raw)

    assert refused.value.returncode == 65
    assert not InboundReply.objects.exists()


def test_a_piped_answer_to_a_locked_thread_is_refused_like_a_posted_one(
    monkeypatch,
    question,
    customer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    question.is_locked = True
    question.save(update_fields=["is_locked"])
    raw = raw_message(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Locked?",
    )

    with django_capture_on_commit_callbacks(execute=True):
        _pipe(monkeypatch, raw)

    assert InboundReply.objects.get().refusal == "locked"
    assert [m.to for m in mailoutbox] == [[customer.email]]


def test_pending_replies_whose_job_never_ran_are_posted_by_the_command(
    monkeypatch, question, customer
):
    raw = raw_message(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Queued while the workers were down.",
    )
    _pipe(monkeypatch, raw)  # its job is dropped: the commit callbacks never run
    assert InboundReply.objects.get().state == InboundState.RECEIVED

    output = io.StringIO()
    call_command("receive_reply_mail", "--pending", stdout=output)

    assert InboundReply.objects.get().state == InboundState.POSTED
    assert "Handled 1" in output.getvalue()
