from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from forum import services
from forum.notifications import services as notifications
from forum.notifications.models import EmailFrequency, EmailState, Notification
from tests.concurrency import run_twice_at_once
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SYDNEY = ZoneInfo("Australia/Sydney")
MONDAY_8AM = datetime(2026, 3, 2, 8, 0, tzinfo=SYDNEY)


@pytest.fixture
def frozen(monkeypatch):
    """A clock the test moves by hand: timezone.now() returns ``frozen.now``."""

    class Clock:
        now = MONDAY_8AM

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def digest_reader(customer):
    notifications.update_preferences(
        customer, channels={}, email_frequency=EmailFrequency.DAILY, auto_follow=True
    )
    return customer


def reply_at(frozen, thread, when, body):
    frozen.now = when
    return services.post_reply(thread, author=UserFactory(), body=body)


def test_a_digest_collects_the_days_notifications_in_one_e_mail(
    frozen, question, digest_reader, mailoutbox
):
    reply_at(frozen, question, MONDAY_8AM, "First idea.")
    reply_at(frozen, question, MONDAY_8AM + timedelta(hours=3), "Second idea.")
    assert mailoutbox == []

    sent = notifications.send_digests(now=MONDAY_8AM + timedelta(hours=10))

    assert sent == 1
    (message,) = mailoutbox
    assert message.to == [digest_reader.email]
    assert "2 updates" in message.subject
    assert message.body.count("replied to") == 2
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert not Notification.objects.filter(email_state=EmailState.DIGEST).exists()


def test_running_the_digest_again_the_same_day_sends_nothing_more(
    frozen, question, digest_reader, mailoutbox
):
    reply_at(frozen, question, MONDAY_8AM, "First idea.")
    notifications.send_digests(now=MONDAY_8AM + timedelta(hours=1))
    reply_at(frozen, question, MONDAY_8AM + timedelta(hours=2), "Later idea.")

    again = notifications.send_digests(now=MONDAY_8AM + timedelta(hours=3))
    next_day = notifications.send_digests(now=MONDAY_8AM + timedelta(days=1))

    assert again == 0
    assert next_day == 1
    assert len(mailoutbox) == 2
    assert "Later idea" not in mailoutbox[0].body
    assert "1 update" in mailoutbox[1].subject


def test_the_digest_skips_what_was_already_read_on_the_site(
    frozen, question, digest_reader, mailoutbox
):
    reply_at(frozen, question, MONDAY_8AM, "Read already.")
    notifications.mark_all_read(digest_reader)

    sent = notifications.send_digests(now=MONDAY_8AM + timedelta(hours=1))

    assert sent == 0
    assert mailoutbox == []
    assert Notification.objects.filter(
        recipient=digest_reader, email_state=EmailState.SKIPPED
    ).exists()


def test_notifications_after_the_digest_time_wait_for_the_next_one(
    frozen, question, digest_reader, mailoutbox
):
    reply_at(frozen, question, MONDAY_8AM + timedelta(hours=5), "Afternoon idea.")

    notifications.send_digests(now=MONDAY_8AM + timedelta(hours=1))

    assert mailoutbox == []
    assert Notification.objects.filter(email_state=EmailState.DIGEST).count() == 1


def test_a_failed_digest_stays_pending_for_the_next_run(
    frozen, question, digest_reader, flaky_mail
):
    from django.core import mail

    reply_at(frozen, question, MONDAY_8AM, "An idea.")
    flaky_mail.failures = 1

    first = notifications.send_digests(now=MONDAY_8AM + timedelta(hours=1))
    second = notifications.send_digests(now=MONDAY_8AM + timedelta(hours=2))

    assert (first, second) == (0, 1)
    assert len(mail.outbox) == 1


def test_the_send_digests_command_uses_the_clock(
    frozen, question, digest_reader, mailoutbox
):
    reply_at(frozen, question, MONDAY_8AM, "An idea.")
    frozen.now = MONDAY_8AM + timedelta(hours=1)
    out = StringIO()

    call_command("send_digests", stdout=out)
    call_command("send_digests", stdout=out)

    assert out.getvalue().splitlines() == ["Sent 1 digest.", "Sent 0 digests."]
    assert len(mailoutbox) == 1


def test_a_digest_is_in_the_language_the_member_chose(
    frozen, question, digest_reader, mailoutbox
):
    digest_reader.language = "zh-hans"
    digest_reader.save(update_fields=["language"])
    reply_at(frozen, question, MONDAY_8AM, "First idea.")

    notifications.send_digests(now=MONDAY_8AM + timedelta(hours=10))

    (message,) = mailoutbox
    assert message.extra_headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans"' in message.alternatives[0][0]


@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_each_digest_once(
    frozen, question, digest_reader, mailoutbox, monkeypatch, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel runs need PostgreSQL; SQLite serialises them")
    reply_at(frozen, question, MONDAY_8AM, "An idea.")
    frozen.now = MONDAY_8AM + timedelta(hours=1)

    run_twice_at_once(
        lambda: call_command("send_digests", stdout=StringIO()),
        holding=(notifications, "send_digests"),
        monkeypatch=monkeypatch,
    )

    assert len(mailoutbox) == 1
    assert "send_digests skipped" in caplog.text
