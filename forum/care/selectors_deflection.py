"""Social deflections for the deflection report: care cases answered with a link
to a community thread or knowledge article, counted apart from the web journeys.

A web journey is a deflection when it ends without a ticket; a case is one when an
agent answers the customer with community content (``Case.answered_with_community_at``,
set once by ``reply_to_case``): the public answer did the work an assisted
contact would have. Cases carry no board, so the section counts every board's.
Read live from the case rows (a few indexed queries), not from the daily
aggregates, so it is never behind the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from forum.care.models import Case, CaseMessage, Direction, Network
from forum.deflection.models import DeflectionSettings
from forum.deflection.selectors.report import TABLE_ROWS, ReportFilter
from forum.reports.figures import compare, previous_period


@dataclass(frozen=True)
class SocialFigures:
    deflections: int
    savings: Decimal
    by_network: list[dict]
    answers: list[dict]
    change: object | None = None


def _bounds(report: ReportFilter) -> tuple[datetime, datetime]:
    """The period's local days as an instant range [start, end)."""
    start = timezone.make_aware(datetime.combine(report.start, time.min))
    end = timezone.make_aware(datetime.combine(report.end + timedelta(1), time.min))
    return start, end


def _answered_between(start: datetime, end: datetime) -> Q:
    return Q(answered_with_community_at__gte=start, answered_with_community_at__lt=end)


def deflections_by_network(report: ReportFilter) -> list[dict]:
    """Social deflections per network, most first, with the period before's
    count for the change (networks with none in either left out): one query."""
    labels = dict(Network.choices)
    start, end = _bounds(report)
    before, _ = _bounds(previous_period(report))
    rows = (
        Case.objects.filter(_answered_between(before, end))
        .values("network")
        .annotate(
            deflections=Count("pk", filter=_answered_between(start, end)),
            previous=Count("pk", filter=_answered_between(before, start)),
        )
        .order_by("-deflections", "network")
    )
    return [
        {
            "network": row["network"],
            "label": labels.get(row["network"], row["network"]),
            "deflections": row["deflections"],
            "previous": row["previous"],
        }
        for row in rows
    ]


def community_answers_used(report: ReportFilter) -> list[dict]:
    """The threads and articles agents linked most in the period: how many cases
    each answered (replies sent in the period)."""
    start, end = _bounds(report)
    rows = (
        CaseMessage.objects.filter(
            direction=Direction.OUTBOUND, sent_at__gte=start, sent_at__lt=end
        )
        .filter(Q(linked_thread__isnull=False) | Q(linked_article__isnull=False))
        .values(
            "linked_thread",
            "linked_thread__title",
            "linked_thread__slug",
            "linked_article",
            "linked_article__title",
        )
        .annotate(cases=Count("case", distinct=True))
        .order_by("-cases", "linked_thread", "linked_article")[:TABLE_ROWS]
    )
    return [_answer(row) for row in rows]


def _answer(row: dict) -> dict:
    if row["linked_thread"] is not None:
        kind, pk, title = "thread", row["linked_thread"], row["linked_thread__title"]
        url = reverse("forum:thread", args=[pk, row["linked_thread__slug"] or "-"])
    else:
        kind, pk = "article", row["linked_article"]
        title = row["linked_article__title"]
        url = reverse("knowledge:article_short", args=[pk])
    return {"kind": kind, "id": pk, "title": title, "url": url, "cases": row["cases"]}


def social_deflections(
    report: ReportFilter, settings: DeflectionSettings
) -> SocialFigures:
    """The report's "Social care" section: deflections in the period (and their
    change against the period before), by network, the answers used most, and
    the savings at the cost of an assisted contact (two queries)."""
    rows = deflections_by_network(report)
    total = sum(row["deflections"] for row in rows)
    before = sum(row["previous"] for row in rows)
    return SocialFigures(
        deflections=total,
        savings=settings.cost_per_contact * total,
        by_network=[row for row in rows if row["deflections"]],
        answers=community_answers_used(report),
        change=compare(total, before),
    )
