"""CSV downloads of the report's tables, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would treat as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(
    filename: str, header: list[str], rows: Iterable[list]
) -> HttpResponse:
    """A downloadable CSV with every text cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response


def invalid_filters_response(form) -> HttpResponse:
    """A CSV asked for with filters that don't validate: a 400 naming the problem."""
    return HttpResponse(
        gettext("Invalid report filters: %(errors)s")
        % {"errors": form.errors.as_text()},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def period_only_query(params) -> str:
    """The query string with only the period (``period``, ``start``, ``end``):
    what links to the report family's other pages carry, since each report's own
    filters (an idea board, a channel) mean nothing to the others."""
    kept = params.copy()
    for name in list(kept):
        if name not in ("period", "start", "end"):
            del kept[name]
    return kept.urlencode()


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"
