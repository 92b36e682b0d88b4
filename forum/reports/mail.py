"""The summary e-mail: an HTML and a text part with the headline figures and their
change, and the report as a PDF attachment. Links are built from SITE_URL."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from forum.console import conf as site_conf
from forum.reports.pdf import summary_pdf
from forum.reports.summary import SummaryFigures, summary_title


def absolute(path: str) -> str:
    """A full URL on this site, from SITE_URL (never from a request's Host)."""
    return f"{settings.SITE_URL}{path}"


def summary_message(
    figures: SummaryFigures,
    *,
    frequency: str,
    to: str,
    unsubscribe_link: str = "",
) -> EmailMultiAlternatives:
    """The e-mail for one recipient; ``unsubscribe_link`` (a subscriber's signed
    link) adds the one-click unsubscribe headers."""
    title = summary_title(figures, frequency=frequency)
    site_name = site_conf.site_name()
    context = {
        "title": title,
        "site_name": site_name,
        "rows": [_row(figure) for figure in figures.figures],
        "previous": figures.previous,
        "report_url": _report_url(figures),
        "subscriptions_url": absolute(reverse("reports:subscriptions")),
        "unsubscribe_url": unsubscribe_link,
    }
    headers = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
    if unsubscribe_link:
        # RFC 2369 and RFC 8058: the mail client's own unsubscribe button POSTs here.
        headers["List-Unsubscribe"] = f"<{unsubscribe_link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=f"[{site_name}] {title}",
        body=render_to_string("reports/email/summary.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("reports/email/summary.html", context), "text/html"
    )
    message.attach(
        f"{frequency}-summary-{figures.current.start:%Y-%m-%d}.pdf",
        summary_pdf(figures, frequency=frequency, site_name=site_name),
        "application/pdf",
    )
    return message


def _row(figure) -> dict:
    change = figure.change
    return {
        "label": str(figure.label),
        "value": figure.display,
        # The change's text names the previous value: no column of its own.
        "change": figure.change_text,
        "arrow": change.arrow if change else "",
    }


def _report_url(figures: SummaryFigures) -> str:
    period = figures.current
    query = {"period": "custom", "start": period.start, "end": period.end}
    if period.board is not None:
        query["board"] = period.board.pk
    return absolute(f"{reverse('deflection:report')}?{urlencode(query)}")
