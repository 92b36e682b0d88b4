"""Sending the scheduled summaries: once per subscription and period.

A period is complete some hours after it ends (``SETTLE``): by then the last
journeys of its final evening have gone idle and the periodic build has counted
them. Each summary is sent inside a transaction that first locks its subscription
and then records the period, so two workers running the job at once send it once
(the second waits for the lock, then finds the period recorded; the unique
constraint on the record is the backstop). Sending fails with the transaction:
nothing is recorded and the next run tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.languages import in_language_of
from forum import permissions
from forum.deflection.selectors.report import ReportFilter
from forum.reports.mail import absolute, summary_message
from forum.reports.models import ReportSubscription, SentSummary, SummaryFrequency
from forum.reports.services import unsubscribe_token
from forum.reports.summary import SummaryFigures, last_full_period, summary_figures

logger = logging.getLogger(__name__)

SETTLE = timedelta(hours=6)


@dataclass
class SendingResult:
    sent: int = 0
    already_sent: int = 0
    ended: int = 0
    waiting: int = 0
    failed: int = 0
    periods: dict[str, tuple[date, date]] = field(default_factory=dict)


def summary_period(frequency: str, *, now: datetime | None = None) -> tuple[date, date]:
    """The latest complete week or month, in the site's time zone."""
    settled = timezone.localtime((now or timezone.now()) - SETTLE)
    return last_full_period(frequency, today=settled.date())


def send_due_summaries(
    *, frequencies: list[str] | None = None, force: bool = False
) -> SendingResult:
    """Send every subscription its summary of the latest complete period, unless
    already sent (``force`` sends again). Subscriptions of members who may no
    longer read the reports end here; a suspended member's, or one without an
    e-mail address, wait. A summary that fails to send is logged and left for the
    next run, and the others still go."""
    result = SendingResult()
    figures_for: dict = {}  # one computation per board and period in a run
    for frequency in frequencies or SummaryFrequency.values:
        start, end = summary_period(frequency)
        result.periods[frequency] = (start, end)
        due = ReportSubscription.objects.filter(frequency=frequency).select_related(
            "user", "board"
        )
        if not force:
            due = due.exclude(sent__period_start=start)
        for subscription in due.order_by("pk"):
            member = subscription.user
            if not permissions.can_view_reports(member):
                subscription.delete()
                result.ended += 1
                continue
            if not permissions.can_subscribe_to_reports(member) or not member.email:
                # Suspended, or no address: kept, and sent once that changes.
                result.waiting += 1
                continue
            key = (subscription.board_id, start, end)
            if key not in figures_for:
                report = ReportFilter(start=start, end=end, board=subscription.board)
                figures_for[key] = summary_figures(report)
            try:
                sent = send_summary(subscription, figures_for[key], force=force)
            except Exception:
                # One refused address or mail-server hiccup must not hold back the
                # other subscribers; nothing was recorded, so the next run retries.
                logger.exception("Summary not sent to subscription %s", subscription.pk)
                result.failed += 1
                continue
            if sent:
                result.sent += 1
            else:
                result.already_sent += 1
    return result


def send_summary(
    subscription: ReportSubscription, figures: SummaryFigures, *, force: bool = False
) -> bool:
    """Send one subscription its summary for ``figures``' period and record it;
    False when that period was sent already (or the subscription has ended)."""
    start, end = figures.current.start, figures.current.end
    with transaction.atomic():
        locked = (
            ReportSubscription.objects.select_for_update()
            .filter(pk=subscription.pk)
            .order_by()  # the default order joins the board: nothing to lock there
            .values_list("pk", flat=True)
        )
        if not locked:
            return False
        sent = SentSummary.objects.filter(subscription=subscription, period_start=start)
        if sent.exists() and not force:
            return False
        sent.delete()
        SentSummary.objects.create(
            subscription=subscription, period_start=start, period_end=end
        )
        token = unsubscribe_token(subscription)
        link = absolute(reverse("reports:unsubscribe", args=[token]))
        # One set of figures serves every subscriber; each reads it in their language.
        with in_language_of(subscription.user):
            message = summary_message(
                figures,
                frequency=subscription.frequency,
                to=subscription.user.email,
                unsubscribe_link=link,
            )
        message.send(fail_silently=False)
    return True


def send_summary_to(
    email: str, *, frequency: str, board=None, now: datetime | None = None
) -> SummaryFigures:
    """Send the latest complete period's summary to any address, on demand (not
    recorded, no unsubscribe link: nobody subscribed)."""
    start, end = summary_period(frequency, now=now)
    figures = summary_figures(ReportFilter(start=start, end=end, board=board))
    summary_message(figures, frequency=frequency, to=email).send(fail_silently=False)
    return figures
