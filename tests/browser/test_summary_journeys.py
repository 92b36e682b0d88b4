import io
from datetime import timedelta
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
    # The week before: 4 journeys with a search, 2 deflected.
    DailyBoardStats.objects.create(
        day=start - timedelta(days=7), searched_journeys=4, deflected=2, visitors=4
    )
    change = "up 12.5 points from 50%, better"

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
    assert change in html and f"Deflection rate: 62.5% ({change})" in message.body
    [(_, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Deflection rate" in text and "62.5%" in text
    assert change in " ".join(text.split())

    # The report the e-mail links to words the change the same way.
    report_link = next(word for word in message.body.split() if "period=" in word)
    page.goto(urlsplit(report_link).path + "?" + urlsplit(report_link).query)
    tile = page.locator(".tile", has_text="Deflection rate")
    expect(tile).to_contain_text(change)

    # The link in the e-mail stops it, after one confirming click.
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You're unsubscribed")).to_be_visible()
    assert not ReportSubscription.objects.exists()
