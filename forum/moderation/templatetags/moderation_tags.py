from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A wait as people say it: "45 min", "3 h 10 min", "2 d 4 h"; "—" if none."""
    if value is None:
        return "—"
    minutes = max(int(value.total_seconds() // 60), 0)
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes:
            return _("%(hours)d h %(minutes)d min") % {
                "hours": hours,
                "minutes": minutes,
            }
        return _("%(hours)d h") % {"hours": hours}
    days, hours = divmod(hours, 24)
    if hours:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(days)d d") % {"days": days}


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage; "—" when there was nothing to count."""
    return "—" if value is None else f"{round(value * 100)}%"
