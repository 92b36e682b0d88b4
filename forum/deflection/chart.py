"""The daily trend as plain SVG shapes, laid out on the server.

The template draws them with classes only (the Content-Security-Policy allows no
inline styles or scripts), and a table beside the chart carries the same numbers
for screen readers and for anyone without images.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 220
LEFT = 40
BOTTOM = 24
TOP = 10


@dataclass
class Bar:
    x: float
    width: float
    y: float
    height: float
    css: str
    label: str


def trend_chart(trend: list[dict]) -> dict:
    """Stacked bars per day (deflected below, tickets above) and axis labels."""
    if not trend:
        return {"bars": [], "labels": [], "width": WIDTH, "height": HEIGHT}
    top = max((row["deflected"] + row["tickets"] for row in trend), default=0) or 1
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / len(trend)
    bar_width = max(1.0, slot * 0.7)
    bars, labels = [], []
    step = max(1, len(trend) // 8)
    for index, row in enumerate(trend):
        x = LEFT + index * slot + (slot - bar_width) / 2
        base = HEIGHT - BOTTOM
        for name, css in (("deflected", "bar-deflected"), ("tickets", "bar-ticket")):
            height = plot_height * row[name] / top
            if height:
                base -= height
                label = f"{row['day']:%d %b}: {row[name]} {name}"
                bars.append(
                    Bar(
                        round(x, 1),
                        round(bar_width, 1),
                        round(base, 1),
                        round(height, 1),
                        css,
                        label,
                    )
                )
        if index % step == 0:
            labels.append(
                {"x": round(x + bar_width / 2, 1), "text": f"{row['day']:%d %b}"}
            )
    return {
        "bars": bars,
        "labels": labels,
        "max": top,
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 6,
        "top_y": TOP + 4,
        "left": LEFT,
    }
