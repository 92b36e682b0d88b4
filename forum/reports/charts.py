"""Daily trend charts for every report, laid out on the server as plain SVG shapes.

One chart is drawn twice: a wide layout for screens from a tablet up and a narrow
one for phones, and the stylesheet shows the one that fits. A single drawing scaled
down to a phone (the old 720 x 220 one) became a strip with 5-pixel labels; two
drawings keep the bars tall and the labels near 12 px at every width from 390 to
1280 pixels, with no script. Shapes carry classes only (the Content-Security-Policy
allows no inline styles), so the colours follow the theme's custom properties; a
table beside each chart carries the same numbers for screen readers.

The drawings are cached with the report's numbers and shown in every language, so
their words (the title, the series, the day labels, each bar's tooltip) are worked
out when the page is rendered, in the reader's language, not when the chart is laid out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import dateformat
from django.utils.translation import gettext as _

# Both layouts share the height; each is drawn for the width it is shown at, so
# its 12-unit labels render at about 12 px.
HEIGHT = 260
LEFT = 44
BOTTOM = 28
TOP = 14
FONT_SIZE = 12
LAYOUTS = {"wide": (720, 10), "narrow": (360, 4)}  # width, at most this many labels


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    css: str


@dataclass
class Bar:
    x: float
    width: float
    y: float
    height: float
    css: str
    day: date
    value: int
    series_label: str

    @property
    def label(self) -> str:
        """The tooltip, e.g. "01 Mar: 1 answered"."""
        return _("%(day)s: %(value)s %(series)s") % {
            "day": _day(self.day),
            "value": self.value,
            "series": str(self.series_label).lower(),
        }


@dataclass
class AxisLabel:
    x: float
    day: date

    @property
    def text(self) -> str:
        return _day(self.day)


@dataclass
class Layout:
    name: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[AxisLabel] = field(default_factory=list)
    gridlines: list[dict] = field(default_factory=list)
    axis_y: float = HEIGHT - BOTTOM
    label_y: float = HEIGHT - 8
    left: int = LEFT


@dataclass
class Chart:
    title: str
    series: list[Series]
    layouts: list[Layout]
    maximum: int
    is_empty: bool


def trend_chart(
    rows: list[dict], *, series: list[Series], title: str, day_key: str = "day"
) -> Chart:
    """Stacked bars per day (the first series at the bottom), in both layouts."""
    maximum = max((sum(row[s.key] or 0 for s in series) for row in rows), default=0)
    layouts = [
        _layout(name, width, most_labels, rows, series, day_key, maximum)
        for name, (width, most_labels) in LAYOUTS.items()
    ]
    return Chart(
        title=title,
        series=series,
        layouts=layouts,
        maximum=maximum,
        is_empty=not maximum,
    )


def _layout(name, width, most_labels, rows, series, day_key, top) -> Layout:
    layout = Layout(name=name, width=width, height=HEIGHT)
    plot_height = HEIGHT - BOTTOM - TOP
    if not top:
        return layout  # nothing to scale: an axis and the title saying so
    layout.gridlines = [
        {"y": round(TOP + plot_height * (1 - share), 1), "text": _tick(top * share)}
        for share in (0.5, 1.0)
    ]
    slot = (width - LEFT) / len(rows)
    bar_width = max(1.0, slot * 0.7)
    step = max(1, -(-len(rows) // most_labels))
    for index, row in enumerate(rows):
        x = LEFT + index * slot + (slot - bar_width) / 2
        layout.bars.extend(_stack(row, series, day_key, x, bar_width, plot_height, top))
        if index % step == 0:
            layout.labels.append(
                AxisLabel(x=round(x + bar_width / 2, 1), day=row[day_key])
            )
    return layout


def _stack(row, series, day_key, x, bar_width, plot_height, top) -> list[Bar]:
    bars, base = [], HEIGHT - BOTTOM
    for one in series:
        value = row[one.key] or 0
        height = plot_height * value / top
        if not height:
            continue
        base -= height
        bars.append(
            Bar(
                x=round(x, 1),
                width=round(bar_width, 1),
                y=round(base, 1),
                height=round(height, 1),
                css=one.css,
                day=row[day_key],
                value=value,
                series_label=one.label,
            )
        )
    return bars


def _day(value: date) -> str:
    # Translators: the date format of a day under a chart's bar (PHP-style, as
    # Django's "date" filter), e.g. "07 Dec".
    return dateformat.format(value, _("d M"))


def _tick(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:.0f}"
