"""The headline figures of a period beside the previous period's, and their change:
what the scheduled summaries e-mail, and what the report pages may show too."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.deflection.models import DeflectionSettings
from forum.deflection.selectors.dashboard import deflection_report
from forum.deflection.selectors.health import community_health
from forum.deflection.selectors.report import (
    ReportFilter,
    deflection_summary,
    period_rollup,
)
from forum.reports.figures import (
    COUNT,
    DURATION,
    MONEY,
    RATE,
    SCORE,
    Change,
    compare,
    format_value,
    self_service_ratio,
)
from forum.reports.models import SummaryFrequency


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: str
    current: object
    previous: object
    # Waits are better when they shrink; everything else when it grows.
    higher_is_better: bool = True
    currency: str = ""
    # The score's reading ("4 : 1") beside the number its change is computed on.
    current_text: str | None = None

    @property
    def display(self) -> str:
        if self.current_text is not None:
            return self.current_text
        return format_value(self.kind, self.current, currency=self.currency)

    @property
    def change(self) -> Change | None:
        """The move since the previous period; None when either side is unknown."""
        return compare(
            self.current,
            self.previous,
            kind=self.kind,
            higher_is_better=self.higher_is_better,
            currency=self.currency,
        )

    @property
    def change_text(self) -> str:
        """The change in words, or what there is instead when there is none."""
        change = self.change
        if change is not None:
            return change.text
        if self.previous is None:
            return gettext("nothing to compare with")
        # The change's text would have named the old value: a table cell keeps it.
        was = format_value(self.kind, self.previous, currency=self.currency)
        return gettext("was %(value)s") % {"value": was}


@dataclass(frozen=True)
class SummaryFigures:
    current: ReportFilter
    previous: ReportFilter
    figures: list[Figure]
    # The current period's whole deflection report: the PDF's tables come from it.
    report: dict

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)


def summary_figures(
    report: ReportFilter, *, previous: ReportFilter | None = None
) -> SummaryFigures:
    """The headline figures for ``report`` and for the period before it (the same
    number of days, or the previous calendar month for a whole month), with their
    change. The current period's numbers come from the deflection report itself."""
    previous = previous or previous_filter(report)
    settings = DeflectionSettings.load()
    current_report = deflection_report(report)
    now = _headline(current_report["summary"], current_report["health"])
    before = _headline(
        deflection_summary(previous, settings),
        community_health(previous, rollup=period_rollup(previous)),
    )
    currency = current_report["summary"]["currency"]
    figures = [
        Figure(key, label, kind, now[key], before[key], better, currency)
        for key, label, kind, better in HEADLINES
    ]
    score = current_report["summary"]["self_service_score"]
    figures = [
        replace(figure, current_text=score)
        if figure.key == "self_service_score" and score is not None
        else figure
        for figure in figures
    ]
    return SummaryFigures(report, previous, figures, current_report)


# key, label, kind, whether a rise is good news; the labels stay lazy, as one set of
# figures is sent to every subscriber, each in their own language.
HEADLINES = [
    ("deflection_rate", _("Deflection rate"), RATE, True),
    ("deflected", _("Deflected journeys"), COUNT, True),
    ("savings", _("Estimated savings"), MONEY, True),
    ("self_service_score", _("Self-service score"), SCORE, True),
    ("new_threads", _("New threads"), COUNT, True),
    ("answered_share", _("Answered"), RATE, True),
    ("median_first_response", _("Median first response"), DURATION, False),
    ("solved_share", _("Solved"), RATE, True),
]


def _headline(summary: dict, health: dict) -> dict:
    return {
        "deflection_rate": summary["deflection_rate"],
        "deflected": summary["deflected"],
        "savings": summary["savings"]["deflected"],
        # Compared as a number; shown as the report's "4 : 1" reading.
        "self_service_score": self_service_ratio(
            summary["visitors"], summary["ticket_visitors"]
        ),
        "new_threads": health["new"],
        "answered_share": health["answered_share"],
        "median_first_response": health["median_first_response"],
        "solved_share": health["solved_share"],
    }


def summary_title(figures: SummaryFigures, *, frequency: str) -> str:
    """E.g. "Weekly summary, 30 Nov 2026 to 6 Dec 2026 (Mobile)", in the active
    language."""
    period = figures.current
    dates = {"start": _day(period.start), "end": _day(period.end)}
    weekly = frequency == SummaryFrequency.WEEKLY
    if period.board is None:
        if weekly:
            return gettext("Weekly summary, %(start)s to %(end)s") % dates
        return gettext("Monthly summary, %(start)s to %(end)s") % dates
    dates["board"] = period.board.name
    if weekly:
        return gettext("Weekly summary, %(start)s to %(end)s (%(board)s)") % dates
    return gettext("Monthly summary, %(start)s to %(end)s (%(board)s)") % dates


def _day(day) -> str:
    return formats.date_format(day, "DATE_FORMAT")  # "6 Dec 2026" in English


# --- periods --------------------------------------------------------------------


def previous_filter(report: ReportFilter) -> ReportFilter:
    """The period just before: the previous calendar month when ``report`` is one
    whole month, else the same number of days."""
    if report.start.day == 1 and report.end == _month_end(report.start):
        start, end = previous_month(report.start)
    else:
        length = (report.end - report.start).days + 1
        start = report.start - timedelta(days=length)
        end = report.start - timedelta(days=1)
    return ReportFilter(start=start, end=end, board=report.board)


def last_full_period(frequency: str, *, today: date) -> tuple[date, date]:
    """The last full week (Monday to Sunday) or calendar month before ``today``
    (the site's local date)."""
    if frequency == SummaryFrequency.WEEKLY:
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if frequency == SummaryFrequency.MONTHLY:
        return previous_month(today.replace(day=1))
    raise ValueError(f"Unknown summary frequency {frequency!r}")


def previous_month(first_day: date) -> tuple[date, date]:
    """The calendar month before the one starting on ``first_day``."""
    last = first_day - timedelta(days=1)
    return last.replace(day=1), last


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
