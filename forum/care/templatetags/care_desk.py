"""Template tags of the agents' desk: how long until a case breaches, how its
targets went, and how its replies were delivered, said in words (a warning is
never colour alone)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.care import targets
from forum.care.forms import link_value as _link_value
from forum.care.models import CaseEventKind, CasePriority, CaseStatus
from forum.deflection.models import DeliveryStatus
from forum.moderation.templatetags.moderation_tags import duration

register = template.Library()


@dataclass(frozen=True)
class Due:
    """A case's next deadline as the queue shows it."""

    state: str  # "breached", "warning", "" (time to spare) or "none" (nothing due)
    phrase: str  # "due in 12 min", "overdue by 1 h 5 min", "waiting on customer"
    label: str = ""  # "Breached", "Due soon": the warning said in words


def due_of(case, now: datetime | None = None) -> Due:
    """The case's time to breach, from ``next_due_at``."""
    now = now or timezone.now()
    if case.next_due_at is None:
        if case.status == CaseStatus.WAITING:
            return Due("none", _("waiting on the customer"))
        return Due("none", _("nothing due"))
    state = targets.breach_state(case, now)
    if state == "breached":
        overdue = duration(now - case.next_due_at)
        return Due(state, _("overdue by %(time)s") % {"time": overdue}, _("Breached"))
    left = duration(_at_least_a_minute(case.next_due_at - now))
    phrase = _("due in %(time)s") % {"time": left}
    return Due(state, phrase, _("Due soon") if state == "warning" else "")


def _at_least_a_minute(left: timedelta) -> timedelta:
    """Time left, rounded up to the minute: 9 min 59 s left reads "due in 10 min",
    and the last seconds "due in 1 min" rather than "0 min", which reads as late."""
    return timedelta(minutes=max(1, math.ceil(left.total_seconds() / 60)))


@register.simple_tag
def case_due(case) -> Due:
    """``{% case_due case as due %}``: the case's time to breach."""
    return due_of(case)


@dataclass(frozen=True)
class TargetLine:
    name: str
    due: datetime
    met_at: datetime | None
    verdict: str  # "met", "missed", "breached", "open"
    detail: str


def _target_line(name: str, due: datetime, met_at, now: datetime) -> TargetLine:
    if met_at is not None:
        if met_at <= due:
            return TargetLine(name, due, met_at, "met", _("within target"))
        late = _("late by %(time)s") % {"time": duration(met_at - due)}
        return TargetLine(name, due, met_at, "missed", late)
    if due <= now:
        overdue = _("overdue by %(time)s") % {"time": duration(now - due)}
        return TargetLine(name, due, None, "breached", overdue)
    left = duration(_at_least_a_minute(due - now))
    return TargetLine(name, due, None, "open", _("due in %(time)s") % {"time": left})


@register.simple_tag
def case_targets(case) -> list[TargetLine]:
    """``{% case_targets case as lines %}``: first response and resolution, each
    with its due time, when it was met and how that went."""
    now = timezone.now()
    return [
        _target_line(
            _("First response"), case.first_response_due, case.first_response_at, now
        ),
        _target_line(_("Resolution"), case.resolution_due, case.resolved_at, now),
    ]


@register.filter
def delivery_label(message) -> str:
    """How an outbound reply's delivery went, with its attempts."""
    delivery = message.delivery
    if delivery is None:
        return _("not sent")
    count = delivery.attempts
    if delivery.status == DeliveryStatus.DELIVERED:
        text = ngettext(
            "delivered (%(count)s attempt)", "delivered (%(count)s attempts)", count
        )
    elif delivery.status == DeliveryStatus.FAILED:
        text = ngettext(
            "failed after %(count)s attempt", "failed after %(count)s attempts", count
        )
    elif count:
        text = ngettext(
            "pending, retrying (%(count)s attempt so far)",
            "pending, retrying (%(count)s attempts so far)",
            count,
        )
    else:
        return _("pending")
    return text % {"count": count}


@register.filter
def external_url(value: str) -> str:
    """A network's link to the post, kept only when it is an http(s) address:
    the text comes from outside and is never trusted."""
    try:
        scheme = urlsplit(value or "").scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""


@register.filter
def link_value(hit) -> str:
    """The reply form's value for a suggested answer."""
    return _link_value(hit)


_LABELS = {
    CaseEventKind.STATUS: dict(CaseStatus.choices),
    CaseEventKind.PRIORITY: dict(CasePriority.choices),
}


@register.filter
def change_label(value: str, event) -> str:
    """An event's before or after value as people read it ("Waiting on
    customer" rather than "waiting")."""
    return _LABELS.get(event.kind, {}).get(value, value)
