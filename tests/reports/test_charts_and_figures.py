"""The shared trend chart and how the reports write rates and changes."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from forum.deflection.selectors.report import ReportFilter
from forum.reports.charts import HEIGHT, Series, trend_chart
from forum.reports.figures import (
    DURATION,
    MONEY,
    RATE,
    SCORE,
    compare,
    format_percent,
    previous_period,
)

SERIES = [Series("a", "Answered", "series-good"), Series("b", "Open", "series-bad")]


def days(*values):
    start = date(2026, 3, 1)
    return [
        {"day": start + timedelta(n), "a": a, "b": b} for n, (a, b) in enumerate(values)
    ]


def test_each_chart_is_drawn_wide_and_narrow_at_the_same_height():
    chart = trend_chart(days((1, 2), (3, 0)), series=SERIES, title="t")

    assert [(layout.name, layout.width) for layout in chart.layouts] == [
        ("wide", 720),
        ("narrow", 360),
    ]
    assert {layout.height for layout in chart.layouts} == {HEIGHT}


def test_bars_stack_with_the_tallest_day_reaching_the_top():
    chart = trend_chart(days((1, 2), (3, 0)), series=SERIES, title="t")

    wide = chart.layouts[0]
    assert chart.maximum == 3
    assert [bar.css for bar in wide.bars] == [
        "series-good",
        "series-bad",
        "series-good",
    ]
    first_day = wide.bars[0].height + wide.bars[1].height
    assert first_day == pytest.approx(wide.bars[2].height, abs=0.2)
    assert wide.bars[0].label == "01 Mar: 1 answered"


def test_the_narrow_drawing_labels_fewer_days():
    chart = trend_chart(days(*[(1, 1)] * 30), series=SERIES, title="t")

    wide, narrow = chart.layouts
    assert len(narrow.labels) <= 4 < len(wide.labels) <= 10


def test_an_empty_period_is_an_empty_chart_not_an_error():
    chart = trend_chart(days((0, 0)), series=SERIES, title="t")

    assert chart.is_empty
    assert chart.layouts[0].bars == []


@pytest.mark.parametrize(
    ("value", "whole", "shown"),
    [
        (0.625, None, "62.5%"),
        (0.625, 8, "62.5%"),
        (0.5, 2, "50%"),
        (0.4237, 999, "42.4%"),
        (0.4237, 5000, "42%"),
        (None, 3, "–"),
        (0, 4, "0%"),
    ],
)
def test_rates_get_one_decimal_while_the_denominator_is_small(value, whole, shown):
    assert format_percent(value, whole) == shown


def test_the_deflection_report_filter_shows_five_of_eight_as_62_5():
    from forum.deflection.templatetags.deflection import percent

    assert percent(5 / 8) == "62.5%"


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    report = ReportFilter(start=date(2026, 3, 8), end=date(2026, 3, 14))

    before = previous_period(report)

    assert (before.start, before.end) == (date(2026, 3, 1), date(2026, 3, 7))


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((12, 10), {}, ("up", "better", "up 2 (20%) from 10, better")),
        ((1200, 1000), {}, ("up", "better", "up 200 (20%) from 1,000, better")),
        ((1, 0), {}, ("up", "better", "up 1 from 0, better")),
        (
            (8, 10),
            {"higher_is_better": False},
            ("down", "better", "down 2 (20%) from 10, better"),
        ),
        (
            (0.55, 0.5),
            {"kind": RATE},
            ("up", "better", "up 5 points from 50%, better"),
        ),
        (
            (0.5, 0.625),
            {"kind": RATE},
            ("down", "worse", "down 12.5 points from 62.5%, worse"),
        ),
        (
            (timedelta(minutes=50), timedelta(minutes=20)),
            {"kind": DURATION, "higher_is_better": False},
            ("up", "worse", "up 30 min from 20 min, worse"),
        ),
        (
            (timedelta(minutes=30), timedelta(minutes=90)),
            {"kind": DURATION, "higher_is_better": False},
            ("down", "better", "down 1 h 0 min from 1 h 30 min, better"),
        ),
        (
            (Decimal("60.00"), Decimal("24.00")),
            {"kind": MONEY, "currency": "AUD"},
            ("up", "better", "up $36.00 (150%) from $24.00, better"),
        ),
        ((5.0, 2.0), {"kind": SCORE}, ("up", "better", "up 3 from 2 : 1, better")),
        ((2.5, 4.0), {"kind": SCORE}, ("down", "worse", "down 1.5 from 4 : 1, worse")),
        ((3, 3), {}, ("flat", "flat", "no change (was 3)")),
    ],
)
def test_a_change_says_its_direction_and_verdict_in_words(args, kwargs, expected):
    change = compare(*args, **kwargs)

    assert (change.direction, change.verdict, change.text) == expected


@pytest.mark.parametrize(
    ("args", "kwargs", "was"),
    [
        ((0.50004, 0.5), {"kind": RATE}, "50%"),
        (
            (timedelta(minutes=20, seconds=50), timedelta(minutes=20, seconds=5)),
            {"kind": DURATION},
            "20 min",
        ),
        ((Decimal("24.001"), Decimal("24.00")), {"kind": MONEY}, "24.00"),
        ((2.01, 2.0), {"kind": SCORE}, "2 : 1"),
    ],
)
def test_a_move_smaller_than_the_values_show_reads_as_no_change(args, kwargs, was):
    change = compare(*args, **kwargs)

    assert (change.direction, change.text) == ("flat", f"no change (was {was})")


def test_no_change_is_given_when_a_rate_has_nothing_to_divide():
    assert compare(None, 0.5, kind="rate") is None
