from datetime import timedelta

import pytest
from django.utils import timezone, translation

from forum import services
from forum.notifications import services as notifications
from forum.notifications import tasks
from forum.notifications.models import (
    Channel,
    EmailFrequency,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from forum.notifications.tokens import read_unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://community.example.com"


def reply_and_commit(thread, capture, *, body="Ask for a line test.", author=None):
    with capture(execute=True):
        return services.post_reply(thread, author=author or UserFactory(), body=body)


def test_a_reply_e_mails_the_follower_after_the_commit(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply = services.post_reply(question, author=UserFactory(), body="Try this.")
        assert mailoutbox == []

    # Live updates (forum.live) wait for the commit too.
    for callback in callbacks:
        callback()
    (message,) = mailoutbox
    assert message.to == [customer.email]
    assert question.title in message.subject
    assert f"{SITE}/p/{reply.pk}/" in message.body
    assert "Try this." in message.body
    html = message.alternatives[0][0]
    assert f'href="{SITE}/p/{reply.pk}/"' in html
    notification = Notification.objects.get(recipient=customer, post=reply)
    assert notification.email_state == EmailState.SENT
    assert notification.emailed_at is not None


def test_every_notification_e_mail_has_one_click_unsubscribe_headers(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    reply_and_commit(question, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{SITE}/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    token = header.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (customer.pk, NotificationKind.REPLY)
    assert header.strip("<>") in message.body


def test_site_only_kinds_are_not_e_mailed(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=customer, kind=NotificationKind.REPLY, channel=Channel.SITE
    )

    reply_and_commit(question, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert Notification.objects.get(
        recipient=customer, kind=NotificationKind.REPLY
    ).is_unread


def test_members_who_want_no_e_mail_get_none(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    notifications.update_preferences(
        customer, channels={}, email_frequency=EmailFrequency.NEVER, auto_follow=True
    )

    reply_and_commit(question, django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_kudos_are_not_e_mailed_by_default(
    answer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.give_kudos(answer, by=UserFactory())

    assert mailoutbox == []


def test_a_failed_delivery_is_retried_until_it_goes_through(
    question, customer, flaky_mail, django_capture_on_commit_callbacks
):
    from django.core import mail

    flaky_mail.failures = 2

    reply_and_commit(question, django_capture_on_commit_callbacks)

    notification = Notification.objects.get(
        recipient=customer, kind=NotificationKind.REPLY
    )
    assert notification.email_state == EmailState.SENT
    assert notification.email_attempts == 3
    assert len(mail.outbox) == 1


def test_a_mail_server_that_keeps_failing_never_breaks_the_reply(
    client, question, customer, flaky_mail, settings, django_capture_on_commit_callbacks
):
    flaky_mail.failures = 1000
    replier = UserFactory()
    client.force_login(replier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/t/{question.pk}/reply/", {"body": "Reboot the modem first."}
        )

    assert response.status_code == 302
    assert question.posts.filter(author=replier).exists()
    notification = Notification.objects.get(
        recipient=customer, kind=NotificationKind.REPLY
    )
    assert notification.email_state == EmailState.FAILED
    assert notification.email_attempts == settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS
    assert notification.is_unread


def test_with_a_queue_the_retry_is_scheduled_later_with_backoff(
    question, customer, flaky_mail, settings
):
    flaky_mail.failures = 1000
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    reply = services.post_reply(question, author=UserFactory(), body="Queued reply.")
    notification = Notification.objects.get(recipient=customer, post=reply)
    before = timezone.now()

    outcome = tasks.send_notification_email.call(notification.pk, 2)

    assert outcome == "retrying"
    (retry,) = tasks.send_notification_email.get_backend().results
    assert retry.args == [notification.pk, 3]
    assert retry.task.run_after >= before + timedelta(minutes=5)
    notification.refresh_from_db()
    assert notification.email_state == EmailState.QUEUED


def test_an_e_mail_is_skipped_when_the_reply_was_hidden_before_sending(
    question, customer, mailoutbox, settings
):
    from forum.models import Post
    from forum.notifications.services.delivery import deliver_notification_email

    reply = services.post_reply(question, author=UserFactory(), body="Spam here.")
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)
    notification = Notification.objects.get(recipient=customer, post=reply)

    assert deliver_notification_email(notification.pk) == "skipped"
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SKIPPED


def test_a_delivery_job_run_twice_sends_once(question, customer, mailoutbox, settings):
    from forum.notifications.services.delivery import deliver_notification_email

    reply = services.post_reply(question, author=UserFactory(), body="Once only.")
    notification = Notification.objects.get(recipient=customer, post=reply)

    outcomes = [deliver_notification_email(notification.pk) for _ in range(2)]

    assert outcomes == ["sent", "skipped"]
    assert len(mailoutbox) == 1


def test_a_display_name_with_a_line_break_cannot_break_the_subject(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    sneaky = UserFactory(display_name="Dan\nBcc: everyone@example.com")

    reply_and_commit(question, django_capture_on_commit_callbacks, author=sneaky)

    (message,) = mailoutbox
    assert "\n" not in message.subject
    assert message.message()["Bcc"] is None


def test_a_notification_e_mail_is_in_the_language_the_member_chose(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    customer.language = "zh-hans"
    customer.save(update_fields=["language"])

    reply_and_commit(question, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.extra_headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans" dir="ltr">' in message.alternatives[0][0]
    # The job's language ends with the message: the next work is not in Chinese.
    assert translation.get_language() == "en-au"


def test_a_member_without_a_chosen_language_gets_mail_in_the_sites_language(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    assert customer.language == ""
    with translation.override("ar"):
        reply_and_commit(question, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.extra_headers["Content-Language"] == "en-au"
    assert '<html lang="en-au" dir="ltr">' in message.alternatives[0][0]
    assert message.body.startswith(f"Hi {customer.name},")


def test_an_arabic_reader_gets_right_to_left_mail(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    customer.language = "ar"
    customer.save(update_fields=["language"])

    reply_and_commit(question, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.extra_headers["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]
