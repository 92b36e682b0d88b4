"""The trend chart in the reader's language: its words follow the language it is
rendered in, its coordinates stay SVG numbers."""

import re
from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import translation

from forum.reports.charts import Series, trend_chart

SERIES = [Series("a", "Answered", "series-good"), Series("b", "Open", "series-bad")]


def chart_of_three_days():
    start = date(2026, 3, 1)
    rows = [{"day": start + timedelta(n), "a": n + 1, "b": 2} for n in range(3)]
    return trend_chart(rows, series=SERIES, title="Posts per day")


def test_the_coordinates_are_not_localised_in_a_language_with_a_decimal_comma():
    chart = chart_of_three_days()

    with translation.override("ar"):
        svg = render_to_string(
            "reports/includes/_chart.html", {"chart": chart, "chart_id": "c"}
        )

    coordinates = re.findall(r'\b(?:x|y|width|height)="([^"]*)"', svg)
    assert coordinates
    assert not [value for value in coordinates if "," in value]


def test_day_labels_are_written_when_the_chart_is_shown_not_when_it_is_drawn():
    chart = chart_of_three_days()  # drawn once, then cached and shown in any language

    with translation.override("ar"):
        arabic = chart.layouts[0].labels[0].text

    assert chart.layouts[0].labels[0].text == "01 Mar"
    assert arabic != "01 Mar"
