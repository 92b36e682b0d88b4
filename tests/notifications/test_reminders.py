from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from forum import services
from forum.models import BoardKind, Post, Thread
from forum.notifications import services as notifications
from forum.notifications.models import (
    AcceptReminder,
    Channel,
    EmailState,
    NotificationKind,
    NotificationPreference,
)
from tests.concurrency import run_twice_at_once
from tests.notifications.conftest import notifications_of

pytestmark = pytest.mark.django_db


def days_later(days: float):
    return timezone.now() + timedelta(days=days)


def test_an_asker_with_replies_and_no_solution_is_reminded_after_the_delay(
    question, answer, customer
):
    sent = notifications.send_accept_reminders(now=days_later(3.1))

    assert sent == 1
    (reminder,) = notifications_of(customer, NotificationKind.ACCEPT_REMINDER)
    assert reminder.post == answer
    assert AcceptReminder.objects.get(thread=question).recipient == customer


def test_no_reminder_before_the_delay(question, answer, customer):
    assert notifications.send_accept_reminders(now=days_later(2.9)) == 0

    assert notifications_of(customer, NotificationKind.ACCEPT_REMINDER) == []


def test_the_delay_is_read_from_settings_when_the_job_runs(
    question, answer, customer, settings
):
    settings.ACCEPT_REMINDER_DAYS = 1

    assert notifications.send_accept_reminders(now=days_later(1.1)) == 1


def test_a_thread_gets_one_reminder_however_often_the_job_runs(
    question, answer, customer
):
    notifications.send_accept_reminders(now=days_later(4))
    notifications.send_accept_reminders(now=days_later(5))
    out = StringIO()
    call_command("send_accept_reminders", stdout=out)

    assert len(notifications_of(customer, NotificationKind.ACCEPT_REMINDER)) == 1
    assert AcceptReminder.objects.count() == 1
    assert out.getvalue().strip() == "Sent 0 accept reminders."


def test_solved_questions_get_no_reminder(question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)

    assert notifications.send_accept_reminders(now=days_later(4)) == 0


def test_questions_with_only_the_askers_own_replies_get_no_reminder(question, customer):
    services.post_reply(question, author=customer, body="Anyone?")
    Thread.objects.filter(pk=question.pk).update(first_response_at=timezone.now())

    assert notifications.send_accept_reminders(now=days_later(4)) == 0


def test_questions_whose_only_reply_is_hidden_get_no_reminder(question, answer):
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)

    assert notifications.send_accept_reminders(now=days_later(4)) == 0


def test_hidden_threads_and_discussions_get_no_reminder(question, answer, board):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)
    assert notifications.send_accept_reminders(now=days_later(4)) == 0

    Thread.objects.filter(pk=question.pk).update(is_hidden=False)
    board.kind = BoardKind.DISCUSSION
    board.save()
    assert notifications.send_accept_reminders(now=days_later(4)) == 0


def test_the_reminder_is_e_mailed_after_the_job_commits(
    question, answer, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_accept_reminders(now=days_later(4))

    (message,) = mailoutbox
    assert "Accept it as the solution" in message.subject
    assert f"https://community.example.com/p/{answer.pk}/" in message.body


def test_an_asker_who_turned_reminders_off_is_not_reminded_but_it_counts(
    question, answer, customer, mailoutbox
):
    NotificationPreference.objects.create(
        user=customer, kind=NotificationKind.ACCEPT_REMINDER, channel=Channel.OFF
    )

    notifications.send_accept_reminders(now=days_later(4))
    notifications.send_accept_reminders(now=days_later(5))

    assert notifications_of(customer, NotificationKind.ACCEPT_REMINDER) == []
    assert AcceptReminder.objects.count() == 1


def test_an_inactive_asker_is_not_reminded(question, answer, customer):
    customer.is_active = False
    customer.save(update_fields=["is_active"])

    notifications.send_accept_reminders(now=days_later(4))

    assert notifications_of(customer, NotificationKind.ACCEPT_REMINDER) == []


def test_old_threads_from_before_reminders_existed_are_left_alone(question, answer):
    assert notifications.send_accept_reminders(now=days_later(60)) == 0


def test_the_reminder_is_queued_for_e_mail_by_default(question, answer, customer):
    notifications.send_accept_reminders(now=days_later(4))

    (reminder,) = notifications_of(customer, NotificationKind.ACCEPT_REMINDER)
    assert reminder.email_state == EmailState.QUEUED


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_each_asker_once(
    question, answer, customer, monkeypatch, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel runs need PostgreSQL; SQLite serialises them")
    Thread.objects.filter(pk=question.pk).update(first_response_at=days_later(-4))

    run_twice_at_once(
        lambda: call_command("send_accept_reminders", stdout=StringIO()),
        holding=(notifications, "send_accept_reminders"),
        monkeypatch=monkeypatch,
    )

    assert len(notifications_of(customer, NotificationKind.ACCEPT_REMINDER)) == 1
    assert "send_accept_reminders skipped" in caplog.text
