import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from forum.deflection.models import DailyBoardStats
from forum.reports.models import ReportSubscription
from forum.reports.sending import summary_period
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_subscribes_to_the_weekly_summary_and_receives_it_with_its_pdf(
    page, sign_in
):
    from accounts.models import Role

    manager = UserFactory(username="sam", role=Role.MANAGER)
    start, _ = summary_period("weekly")
    # The last full week: 8 journeys with a search, 5 of them deflected.
    DailyBoardStats.objects.create(
        day=start, searched_journeys=8, deflected=5, visitors=8, ticket_visitors=1
    )

    sign_in("sam", PASSWORD)
    page.goto("/reports/subscriptions/")
    page.get_by_label("How often").select_option("weekly")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Weekly (Monday to Sunday): all boards")).to_be_visible()

    call_command("send_report_summaries")

    [message] = mail.outbox
    assert message.to == [manager.email]
    [(html, _)] = message.alternatives
    assert "<strong>62.5%</strong>" in html
    [(_, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Deflection rate" in text and "62.5%" in text

    # The link in the e-mail stops it, after one confirming click.
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You're unsubscribed")).to_be_visible()
    assert not ReportSubscription.objects.exists()
