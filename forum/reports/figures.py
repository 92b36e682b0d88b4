"""How the reports write their figures: rates, and the change from the period
before, in words as well as colour."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from forum.deflection.selectors.report import ReportFilter

# Below this many journeys (or questions) one of them moves a rate by a tenth of a
# percent or more, so the decimal carries information (5 of 8 is 62.5%, not 62%);
# above it, the decimal is noise and rates are shown whole.
WHOLE_PERCENT_FROM = 1000


def format_percent(value: float | None, whole: int | None = None) -> str:
    """0.625 -> "62.5%", 0.5 -> "50%"; whole numbers only once ``whole`` (the
    denominator) reaches WHOLE_PERCENT_FROM; nothing to divide -> an en dash."""
    if value is None:
        return "–"
    if whole is not None and whole >= WHOLE_PERCENT_FROM:
        return f"{value * 100:.0f}%"
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def previous_period(report: ReportFilter) -> ReportFilter:
    """The period of the same length that ends the day before this one starts."""
    length = timedelta(days=(report.end - report.start).days + 1)
    return replace(report, start=report.start - length, end=report.end - length)


@dataclass(frozen=True)
class Change:
    """A figure against the period before: an arrow, the change and the old value."""

    direction: str  # "up", "down" or "flat"
    arrow: str
    text: str
    # "better", "worse" or "flat": the colour, which the words never depend on.
    verdict: str


ARROWS = {"up": "↑", "down": "↓", "flat": "→"}


def compare(
    current,
    previous,
    *,
    kind: str = "count",
    higher_is_better: bool = True,
) -> Change | None:
    """The change from ``previous`` to ``current``: counts by their difference and
    percent, rates in percentage points, waits in minutes. None when either side has
    no value (a rate with nothing to divide)."""
    if current is None or previous is None:
        return None
    if kind == "rate":
        delta = round((current - previous) * 100, 1)
        amount = f"{abs(delta):.1f}".removesuffix(".0") + " points"
        was = format_percent(previous)
    elif kind == "duration":
        delta = round((current - previous).total_seconds() / 60)
        amount, was = f"{abs(delta)} min", f"{round(previous.total_seconds() / 60)} min"
    else:
        delta = current - previous
        relative = f" ({abs(delta) / previous:.0%})" if previous else ""
        amount, was = f"{abs(delta):,}{relative}", f"{previous:,}"
    direction = "up" if delta > 0 else "down" if delta < 0 else "flat"
    if direction == "flat":
        return Change("flat", ARROWS["flat"], f"no change (was {was})", "flat")
    better = (direction == "up") == higher_is_better
    return Change(
        direction,
        ARROWS[direction],
        f"{direction} {amount} from {was}",
        "better" if better else "worse",
    )


def compare_headlines(summary: dict, previous: dict, headlines: dict) -> dict:
    """Each headline's change; ``headlines`` maps a name to (kind, higher_is_better)."""
    return {
        name: compare(summary[name], previous[name], kind=kind, higher_is_better=better)
        for name, (kind, better) in headlines.items()
    }
