"""How the reports write their figures: a value of each kind, and its change from
the period before, in words that carry the direction and whether it is good news.

One phrasing for every place a change is shown: the report pages, the API, the
summary e-mail and its PDF. "up 12.5 points from 50%, better"; "down 2 (20%) from
10, better" (fewer tickets); "up 30 min from 20 min, worse"; "no change (was 3)".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from community.templatetags.localised import money
from forum.deflection.selectors.report import ReportFilter

# The kinds of figure: each is written and compared its own way.
RATE, COUNT, MONEY, DURATION, SCORE = "rate", "count", "money", "duration", "score"

# Below this many journeys (or questions) one of them moves a rate by a tenth of a
# percent or more, so the decimal carries information (5 of 8 is 62.5%, not 62%);
# above it, the decimal is noise and rates are shown whole.
WHOLE_PERCENT_FROM = 1000
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def format_percent(value: float | None, whole: int | None = None) -> str:
    """0.625 -> "62.5%", 0.5 -> "50%"; whole numbers only once ``whole`` (the
    denominator) reaches WHOLE_PERCENT_FROM; nothing to divide -> an en dash."""
    if value is None:
        return "–"
    if whole is not None and whole >= WHOLE_PERCENT_FROM:
        return f"{value * 100:.0f}%"
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def format_value(kind: str, value, *, currency: str = "") -> str:
    """A figure of ``kind`` as every report writes it ("62.5%", "$60.00",
    "1 h 5 min", "4 : 1", "1,234"); an en dash when unknown. Money follows the
    active language's currency format."""
    if value is None:
        return "–"
    if kind == RATE:
        return format_percent(value)
    if kind == MONEY:
        return money(value, currency) if currency else f"{value:,.2f}"
    if kind == DURATION:
        # Imported here: the template filters import this module for their percents.
        from forum.deflection.templatetags.deflection import duration

        return duration(value)
    if kind == SCORE:  # as the deflection report reads it: "4 : 1", "2.5 : 1"
        return f"{_tenths(value):f} : 1"
    return f"{value:,}"


def self_service_ratio(visitors: int, ticket_visitors: int) -> float | None:
    """The self-service score as the number its change is computed on (the reports
    read it "4 : 1"); None while nobody filed a ticket, as there is no ratio."""
    return visitors / ticket_visitors if ticket_visitors else None


def previous_period(report: ReportFilter) -> ReportFilter:
    """The period of the same length that ends the day before this one starts."""
    length = timedelta(days=(report.end - report.start).days + 1)
    return replace(report, start=report.start - length, end=report.end - length)


@dataclass(frozen=True)
class Change:
    """A figure against the period before: the direction, an arrow that repeats it,
    the change in words, and whether it is better or worse."""

    direction: str  # "up", "down" or "flat"
    arrow: str
    # Complete without colour or arrow: "down 30 min from 1 h 0 min, better".
    text: str
    verdict: str  # "better", "worse" or "flat": the text says it, the colour repeats it


ARROWS = {"up": "↑", "down": "↓", "flat": "→"}


def compare(
    current,
    previous,
    *,
    kind: str = COUNT,
    higher_is_better: bool = True,
    currency: str = "",
) -> Change | None:
    """The change from ``previous`` to ``current``: counts and money by their
    difference and percent, rates in percentage points, waits in hours and minutes,
    the self-service score by its ratio. None when either side has no value (a rate
    with nothing to divide)."""
    if current is None or previous is None:
        return None
    delta = _difference(kind, current, previous)
    was = format_value(kind, previous, currency=currency)
    if not delta:
        text = _("no change (was %(was)s)") % {"was": was}
        return Change("flat", ARROWS["flat"], text, "flat")
    direction = "up" if delta > 0 else "down"
    verdict = "better" if (delta > 0) == higher_is_better else "worse"
    amount = _amount(kind, abs(delta), previous, currency=currency)
    text = _change_sentence(direction, verdict) % {"amount": amount, "was": was}
    return Change(direction, ARROWS[direction], text, verdict)


def _change_sentence(direction: str, verdict: str) -> str:
    # Four whole sentences rather than one built from words: the languages place
    # the direction, the amount and the verdict differently.
    if direction == "up":
        if verdict == "better":
            return _("up %(amount)s from %(was)s, better")
        return _("up %(amount)s from %(was)s, worse")
    if verdict == "better":
        return _("down %(amount)s from %(was)s, better")
    return _("down %(amount)s from %(was)s, worse")


def _difference(kind: str, current, previous):
    """The change as the reader can check it against the values shown: rates in
    points to a tenth, waits in whole minutes, money in cents, the score in tenths."""
    if kind == RATE:
        return round((current - previous) * 100, 1)
    if kind == DURATION:
        return _minutes(current) - _minutes(previous)
    if kind == MONEY:
        return (Decimal(current) - Decimal(previous)).quantize(CENT)
    if kind == SCORE:
        return _tenths(current) - _tenths(previous)
    return current - previous


def _amount(kind: str, size, previous, *, currency: str) -> str:
    if kind == RATE:
        points = f"{size:.1f}".removesuffix(".0")
        return _("%(points)s points") % {"points": points}
    if kind == DURATION:
        return format_value(DURATION, timedelta(minutes=size))
    if kind == SCORE:
        return f"{size.normalize():f}"
    amount = format_value(kind, size, currency=currency)
    if not previous:  # a rise from nothing has no percentage
        return amount
    return f"{amount} ({Decimal(size) / Decimal(previous):.0%})"


def _minutes(wait: timedelta) -> int:
    # Whole minutes, as the duration format shows them.
    return int(wait.total_seconds() // 60)


def _tenths(value) -> Decimal:
    return Decimal(value).quantize(TENTH).normalize()


def compare_headlines(summary: dict, previous: dict, headlines: dict) -> dict:
    """Each headline's change; ``headlines`` maps a name to (kind, higher_is_better)."""
    return {
        name: compare(summary[name], previous[name], kind=kind, higher_is_better=better)
        for name, (kind, better) in headlines.items()
    }
