from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A wait as people say it: "45 min", "3 h 10 min", "2 d 4 h"; "—" if none."""
    if value is None:
        return "—"
    minutes = max(int(value.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage; "—" when there was nothing to count."""
    return "—" if value is None else f"{round(value * 100)}%"
