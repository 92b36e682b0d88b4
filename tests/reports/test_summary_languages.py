"""The summary e-mail and its PDF in the subscriber's language: one set of figures
is computed per board and period, and each subscriber's copy is rendered in theirs."""

import io

import pytest
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from forum.deflection.selectors.report import ReportFilter
from forum.reports import pdf, sending
from forum.reports.models import ReportSubscription
from forum.reports.sending import send_due_summaries
from forum.reports.summary import summary_figures
from tests.reports.conftest import WEEK

pytestmark = pytest.mark.django_db


def test_each_subscriber_gets_the_summary_rendered_in_their_own_language(
    two_weeks, manager, monkeypatch
):
    manager.language = "zh-hans"
    manager.save(update_fields=["language"])
    ReportSubscription.objects.create(user=manager, frequency="weekly")
    rendered_in = []
    render = sending.summary_message

    def recording(*args, **kwargs):
        rendered_in.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(sending, "summary_message", recording)

    send_due_summaries()

    assert rendered_in == ["zh-hans"]
    assert len(mail.outbox) == 1
    # The job's own language is left as it was.
    assert translation.get_language() != "zh-hans"


def test_a_pdf_its_font_cannot_print_falls_back_to_the_sites_language(
    two_weeks, monkeypatch, settings
):
    figures = summary_figures(ReportFilter(start=WEEK[0], end=WEEK[1], board=None))

    def title_in_active_language(figures, *, frequency):
        if translation.get_language() == "zh-hans":
            return "每周摘要"
        return "Weekly summary"

    monkeypatch.setattr(pdf, "summary_title", title_in_active_language)

    with translation.override("zh-hans"):
        document = pdf.summary_pdf(figures, frequency="weekly", site_name="Crowd")

    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document)).pages
    )
    assert "Weekly summary" in text
    assert "?" not in text.splitlines()[0]
