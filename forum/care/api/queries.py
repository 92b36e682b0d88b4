"""What the care API reads: the case list with its filters, and one case with
its contact, tags and timeline, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import User
from forum import permissions
from forum.care import targets
from forum.care.models import (
    Case,
    CaseEvent,
    CaseMessage,
    CasePriority,
    CaseStatus,
    Network,
)
from forum.care.services.cases import REFERENCE_ALPHABET

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
        raise ValidationError({name: [f"One of: {', '.join(choices)}."]})
    return value


def case_filters(params) -> CaseFilters:
    """The list's filters from the query string; raises ValidationError (400
    naming the parameter) for a value the schema does not allow."""
    assignee = params.get("assignee")
    if assignee is not None and not 0 < len(assignee) <= USERNAME_MAX_LENGTH:
        raise ValidationError({"assignee": ["“me”, “none” or a username."]})
    breaching = params.get("breaching")
    if breaching is not None and breaching not in ("true", "false"):
        raise ValidationError({"breaching": ["`true` or `false`."]})
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
        raise ValidationError({"assignee": [f"Nobody is called “{assignee[:80]}”."]})
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


def looks_like_reference(reference: str) -> bool:
    """``C-`` and seven letters of the reference alphabet: anything else is no
    case, answered 404 without a query."""
    body = reference[2:]
    return (
        reference.startswith("C-")
        and 0 < len(body) <= 14
        and all(ch in REFERENCE_ALPHABET for ch in body)
    )


def case_for_api(user: User, reference: str) -> Case:
    """The case by reference for one who may see it; raises Http404."""
    if not looks_like_reference(reference):
        raise Http404
    case = (
        permissions.cases_visible_to(user)
        .select_related("contact__member", "assignee", "connector", "community_thread")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_detail(user: User, reference: str) -> Case:
    """The case with its tags and its whole timeline loaded (messages with their
    agent, links and delivery; events with their actor); raises Http404."""
    case = case_for_api(user, reference)
    messages = CaseMessage.objects.select_related(
        "agent", "delivery", "linked_thread", "linked_article"
    ).order_by("sent_at", "pk")
    events = CaseEvent.objects.select_related("actor").order_by("created_at", "pk")
    prefetch_related_objects(
        [case],
        "tags",
        Prefetch("messages", queryset=messages),
        Prefetch("events", queryset=events),
    )
    return case


def timeline(case: Case) -> list[CaseMessage | CaseEvent]:
    """Messages and events merged by time (a loaded ``case_detail``)."""
    entries = [*case.messages.all(), *case.events.all()]
    return sorted(entries, key=_entry_time)


def _entry_time(entry: CaseMessage | CaseEvent) -> tuple:
    at = entry.sent_at if isinstance(entry, CaseMessage) else entry.created_at
    # Events sort after a message of the same instant: the reply, then its status.
    return (at, isinstance(entry, CaseEvent), entry.pk)
