"""Sending the summaries: the e-mail and its PDF, once per period, on the task
backend, and only to members who may still receive them."""

import io
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.db import connection
from pypdf import PdfReader

from accounts.data_rights import delete_member_account
from accounts.models import Role
from forum.console.services.site import update_site_settings
from forum.reports import tasks
from forum.reports.models import ReportSubscription, SentSummary
from forum.reports.sending import send_due_summaries
from tests.factories import UserFactory
from tests.reports.conftest import WEEK

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(manager):
    return ReportSubscription.objects.create(user=manager, frequency="weekly")


def pdf_text(message) -> str:
    [(name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_a_subscriber_receives_the_headline_figures_and_their_change(two_weeks, weekly):
    send_due_summaries()

    [message] = mail.outbox
    assert message.to == [weekly.user.email]
    assert "Weekly summary, 30 Nov 2026 to 6 Dec 2026" in message.subject
    assert "Deflection rate: 62.5% (up 12.5 points from 50%, better)" in message.body
    assert "Self-service score: 5 : 1 (up 3 from 2 : 1, better)" in message.body
    assert (
        "Median first response: 30 min (down 1 h 0 min from 1 h 30 min, better)"
        in message.body
    )
    html = html_part(message)
    assert "<strong>62.5%</strong>" in html
    assert '<span aria-hidden="true">↑</span> up 12.5 points from 50%, better' in html


def test_the_pdf_attachment_holds_the_headline_figures(two_weeks, weekly):
    send_due_summaries()

    [message] = mail.outbox
    text = pdf_text(message)
    assert "Weekly summary, 30 Nov 2026 to 6 Dec 2026" in text
    assert "Deflection rate" in text
    assert "62.5%" in text
    assert "$60.00" in text
    # The same words as the e-mail and the report pages, wrapped in the cell.
    assert "up 12.5 points from 50%, better" in " ".join(text.split())


def test_the_e_mail_carries_a_one_click_unsubscribe_link(two_weeks, weekly, client):
    send_due_summaries()

    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert link in message.body and link in html_part(message)
    response = client.post(link.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert not ReportSubscription.objects.filter(pk=weekly.pk).exists()


def test_the_summary_carries_the_site_name_the_settings_area_keeps(two_weeks, weekly):
    update_site_settings(by=weekly.user, values={"site_name": "Help from customers"})

    send_due_summaries()

    [message] = mail.outbox
    assert message.subject.startswith("[Help from customers] Weekly summary")
    [(name, content, mimetype)] = message.attachments
    assert PdfReader(io.BytesIO(content)).metadata.author == "Help from customers"


def test_a_period_is_sent_once_however_often_the_job_runs(two_weeks, weekly):
    first = send_due_summaries()
    second = send_due_summaries()

    assert (first.sent, second.sent, second.already_sent) == (1, 0, 0)
    assert len(mail.outbox) == 1
    sent = SentSummary.objects.get()
    assert (sent.subscription, sent.period_start, sent.period_end) == (weekly, *WEEK)


def test_force_sends_the_period_again(two_weeks, weekly):
    send_due_summaries()

    again = send_due_summaries(force=True)

    assert again.sent == 1
    assert len(mail.outbox) == 2
    assert SentSummary.objects.count() == 1


def test_a_failed_send_records_nothing_so_the_next_run_retries(
    two_weeks, weekly, settings
):
    settings.EMAIL_BACKEND = "tests.reports.test_sending.BrokenBackend"

    result = send_due_summaries()

    assert (result.sent, result.failed) == (0, 1)
    assert not SentSummary.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_summaries().sent == 1


def test_one_refused_address_does_not_hold_back_the_other_subscribers(
    two_weeks, weekly, settings
):
    other = UserFactory(role=Role.MANAGER, email="refused@example.com")
    ReportSubscription.objects.create(user=other, frequency="weekly")
    settings.EMAIL_BACKEND = "tests.reports.test_sending.RefusingBackend"

    result = send_due_summaries()

    assert (result.sent, result.failed) == (1, 1)
    [message] = mail.outbox
    assert message.to == [weekly.user.email]
    assert list(SentSummary.objects.values_list("subscription", flat=True)) == [
        weekly.pk
    ]


def test_the_command_fails_loudly_when_a_summary_could_not_be_sent(
    two_weeks, weekly, settings
):
    settings.EMAIL_BACKEND = "tests.reports.test_sending.BrokenBackend"

    with pytest.raises(CommandError, match="1 summaries could not be sent"):
        call_command("send_report_summaries")


class RefusingBackend(locmem.EmailBackend):
    """Delivers, except to one address the mail server refuses."""

    def send_messages(self, messages):
        if any("refused@example.com" in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({"refused@example.com": (550, b"no")})
        return super().send_messages(messages)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP server unreachable")


def test_monthly_and_weekly_subscriptions_get_their_own_periods(
    two_weeks, weekly, manager
):
    ReportSubscription.objects.create(user=manager, frequency="monthly")

    result = send_due_summaries()

    subjects = sorted(message.subject for message in mail.outbox)
    assert any("Monthly summary, 1 Nov 2026 to 30 Nov 2026" in s for s in subjects)
    assert any("Weekly summary, 30 Nov 2026 to 6 Dec 2026" in s for s in subjects)
    assert result.sent == 2


def test_a_member_who_lost_the_manager_role_no_longer_receives_it(two_weeks, weekly):
    weekly.user.role = Role.CUSTOMER
    weekly.user.save(update_fields=["role"])

    result = send_due_summaries()

    assert mail.outbox == []
    assert result.ended == 1
    assert not ReportSubscription.objects.exists()


def test_a_member_without_an_e_mail_address_is_skipped_until_they_have_one(
    two_weeks, weekly
):
    weekly.user.email = ""
    weekly.user.save(update_fields=["email"])

    result = send_due_summaries()

    assert (result.sent, result.waiting) == (0, 1)
    assert mail.outbox == []
    assert ReportSubscription.objects.filter(pk=weekly.pk).exists()
    assert not SentSummary.objects.exists()


def test_the_periodic_job_sends_the_summaries_that_are_due(two_weeks, weekly):
    # The run queues the summaries' job, which the immediate backend runs at once.
    call_command("run_deflection_jobs")

    [message] = mail.outbox
    assert "Weekly summary" in message.subject
    assert SentSummary.objects.filter(subscription=weekly).exists()


def test_a_suspended_managers_summary_waits_and_their_subscription_stays(
    two_weeks, weekly
):
    from datetime import timedelta

    from django.utils import timezone

    weekly.user.suspended_until = timezone.now() + timedelta(days=2)
    weekly.user.save(update_fields=["suspended_until"])

    result = send_due_summaries()

    assert (result.sent, result.waiting, result.ended) == (0, 1, 0)
    assert ReportSubscription.objects.filter(pk=weekly.pk).exists()


def test_taking_the_manager_role_away_ends_the_subscriptions_at_once(
    weekly, administrator
):
    from accounts.services import assign_role

    assign_role(weekly.user, role=Role.MODERATOR, by=administrator)

    assert not ReportSubscription.objects.exists()


def test_erasing_the_account_ends_its_subscriptions(db, weekly):
    delete_member_account(weekly.user)

    assert not ReportSubscription.objects.exists()


def test_the_command_sends_what_is_due_and_says_so(two_weeks, weekly, capsys):
    call_command("send_report_summaries", "--period", "weekly")

    assert len(mail.outbox) == 1
    assert "Sent 1 summaries" in capsys.readouterr().out


def test_the_command_sends_one_summary_to_any_address(two_weeks):
    call_command("send_report_summaries", "--to", "boss@example.com")

    [message] = mail.outbox
    assert message.to == ["boss@example.com"]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "62.5%" in pdf_text(message)
    assert not SentSummary.objects.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--to", "not-an-address"],
        ["--to", "boss@example.com", "--board", "no-such-board"],
        ["--board", "anything"],
    ],
)
def test_the_command_refuses_bad_arguments(db, arguments):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_report_summaries", *arguments)

    assert mail.outbox == []


DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.mark.django_db(transaction=True)
def test_the_task_sends_the_summaries_on_the_database_backend(
    settings, clock, board, manager
):
    from django_tasks_db.models import DBTaskResult

    from tests.reports.conftest import day_stats

    settings.TASKS = DATABASE_TASKS
    day_stats(WEEK[0], board, searched_journeys=8, deflected=5, visitors=8)
    ReportSubscription.objects.create(user=manager, frequency="weekly")

    tasks.send_report_summaries.enqueue()
    assert mail.outbox == []  # queued, not run
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)

    [result] = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL"
    [message] = mail.outbox
    assert "62.5%" in pdf_text(message)


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_once_send_each_summary_once(clock, board, manager):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL; SQLite serialises them")
    from tests.reports.conftest import day_stats

    day_stats(WEEK[0], board, searched_journeys=8, deflected=5, visitors=8)
    ReportSubscription.objects.create(user=manager, frequency="weekly")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(send_due_summaries(frequencies=["weekly"]))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(4)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()

    assert errors == []
    assert sum(result.sent for result in results) == 1
    assert len(mail.outbox) == 1
    assert SentSummary.objects.count() == 1


def test_text_beyond_latin_1_prints_in_the_pdf_without_failing(two_weeks, manager):
    two_weeks.name = "Mobile 📱 – 5G"
    two_weeks.save(update_fields=["name"])
    ReportSubscription.objects.create(user=manager, frequency="weekly", board=two_weeks)

    send_due_summaries()

    [message] = mail.outbox
    assert "(Mobile 📱 – 5G)" in message.subject
    text = pdf_text(message)
    assert "(Mobile ? - 5G)" in text
    assert "62.5%" in text
