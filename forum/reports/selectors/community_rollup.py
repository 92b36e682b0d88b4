"""The community report's figures as a period rollup keeps them.

The aggregation run (``forum/deflection/services/rollups.py``) stores
``figures_as_json(community_figures(report))`` in each current rollup; the report
reads ``stored_figures(report)`` back. Only the serialisation lives here, so the
stored report is the live one as of the last run, number for number: waits travel
as microseconds, days as ISO dates, the rest as they are.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from forum.deflection import conf
from forum.deflection.models import PeriodRollup
from forum.deflection.selectors.report import ReportFilter

# Bumped whenever the figures change shape: a rollup stored by an older release is
# then read as missing (counted live) until the next run stores it again.
FIGURES_VERSION = 1
DURATIONS = ("median_first_response", "median_time_to_solution")


def stored_figures(report: ReportFilter) -> dict | None:
    """The figures the last aggregation run stored for this period and board, or
    None: not a standard period, not built yet, built under another query threshold
    or by another release (one query)."""
    stored = stored_figures_and_time(report)
    return stored[0] if stored is not None else None


def stored_figures_and_time(report: ReportFilter) -> tuple[dict, datetime] | None:
    """``stored_figures`` and when the run counted them (the same one query)."""
    stored = PeriodRollup.objects.filter(
        first_day=report.start,
        last_day=report.end,
        board=report.board,
        min_journeys=conf.min_journeys_per_query(),
    ).values_list("community", "community_built_at")
    for figures, built_at in stored:
        if figures is not None and figures.get("version") == FIGURES_VERSION:
            return figures_from_json(figures), built_at
    return None


def figures_as_json(figures: dict) -> dict:
    """The live figures (``community_figures``) as a rollup keeps them."""
    return {
        "version": FIGURES_VERSION,
        "summary": _summary_as_json(figures["summary"]),
        "previous": _summary_as_json(figures["previous"]),
        "trend": [{**row, "day": row["day"].isoformat()} for row in figures["trend"]],
        "top_contributors": figures["top_contributors"],
    }


def figures_from_json(data: dict) -> dict:
    """What ``figures_as_json`` stored, as ``community_figures`` returned it."""
    return {
        "summary": _summary_from_json(data["summary"]),
        "previous": _summary_from_json(data["previous"]),
        "trend": [
            {**row, "day": date.fromisoformat(row["day"])} for row in data["trend"]
        ],
        "top_contributors": data["top_contributors"],
    }


def _summary_as_json(summary: dict) -> dict:
    return {
        name: (
            summary[name] // timedelta(microseconds=1)
            if name in DURATIONS and summary[name] is not None
            else summary[name]
        )
        for name in summary
    }


def _summary_from_json(data: dict) -> dict:
    return {
        name: (
            timedelta(microseconds=value)
            if name in DURATIONS and value is not None
            else value
        )
        for name, value in data.items()
    }
