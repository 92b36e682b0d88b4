"""What the care API reads: the case list with its filters, and one case with
its contact, tags and timeline, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from accounts.models import User
from forum import permissions
from forum.care import targets
from forum.care.models import (
    Case,
    CasePriority,
    CaseStatus,
    Network,
)

# ``assignee`` takes a username, or one of these words.
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"
USERNAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    network: str = ""
    priority: str = ""
    assignee: str = ""
    breaching: bool | None = None


def _choice(params, name: str, choices) -> str:
    value = params.get(name)
    if value is None:
        return ""
    if value not in choices:
        raise ValidationError(
            {name: [_("One of: %(choices)s.") % {"choices": ", ".join(choices)}]}
        )
    return value


def case_filters(params) -> CaseFilters:
    """The list's filters from the query string; raises ValidationError (400
    naming the parameter) for a value the schema does not allow."""
    assignee = params.get("assignee")
    if assignee is not None and not 0 < len(assignee) <= USERNAME_MAX_LENGTH:
        raise ValidationError({"assignee": [_("“me”, “none” or a username.")]})
    breaching = params.get("breaching")
    if breaching is not None and breaching not in ("true", "false"):
        raise ValidationError({"breaching": [_("`true` or `false`.")]})
    return CaseFilters(
        status=_choice(params, "status", CaseStatus.values),
        network=_choice(params, "network", Network.values),
        priority=_choice(params, "priority", CasePriority.values),
        assignee=assignee or "",
        breaching=None if breaching is None else breaching == "true",
    )


def _by_assignee(cases: QuerySet[Case], user: User, assignee: str) -> QuerySet[Case]:
    if assignee == ASSIGNEE_ME:
        return cases.filter(assignee=user)
    if assignee == ASSIGNEE_NONE:
        return cases.filter(assignee__isnull=True)
    agent = User.objects.filter(username=assignee).only("pk").first()
    if agent is None:
        raise ValidationError(
            {"assignee": [_("Nobody is called “%(name)s”.") % {"name": assignee[:80]}]}
        )
    return cases.filter(assignee=agent)


def _by_breach(cases: QuerySet[Case], breaching: bool, now: datetime):
    # "Breaching" is the queue's warning: overdue, or due within the window.
    soon = Q(next_due_at__lte=now + targets.warning_window())
    return cases.filter(soon) if breaching else cases.exclude(soon)


def case_list(user: User, filters: CaseFilters) -> QuerySet[Case]:
    """Cases the user may see, filtered, soonest due first (cases with nothing
    due last, newest first among them)."""
    cases = permissions.cases_visible_to(user)
    for name in ("status", "network", "priority"):
        if value := getattr(filters, name):
            cases = cases.filter(**{name: value})
    if filters.assignee:
        cases = _by_assignee(cases, user, filters.assignee)
    if filters.breaching is not None:
        cases = _by_breach(cases, filters.breaching, timezone.now())
    return (
        cases.select_related("contact__member", "assignee")
        .prefetch_related("tags")
        .order_by(F("next_due_at").asc(nulls_last=True), "-opened_at", "pk")
    )
