"""What the agents' desk reads: the queue of cases sorted by time to breach, one
case with its customer and timeline, and the answers the search suggests for it.

Every function composes one page's reads, so the page's query count stays the same
however many cases, messages or events it shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import models as db
from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from forum import permissions
from forum.care import targets
from forum.care.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    CaseTag,
    Direction,
)
from forum.care.services.cases import REFERENCE_ALPHABET
from forum.deflection.services.privacy import mask_contact_details

# The queue shows the start of the customer's latest words, not the whole post.
EXCERPT_CHARS = 140
EARLIER_CASES_SHOWN = 10
SUGGESTIONS_SHOWN = 5
# The customer's first messages carry the question; a long thread adds noise.
SEARCHED_MESSAGES = 10
SEARCH_TEXT_MAX_LENGTH = 300

SCOPE_ALL = "all"
SCOPE_MINE = "mine"
SCOPE_UNASSIGNED = "unassigned"
SCOPES = (SCOPE_ALL, SCOPE_MINE, SCOPE_UNASSIGNED)


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters; an empty value means "any"."""

    scope: str = SCOPE_ALL
    network: str = ""
    status: str = ""
    priority: str = ""
    tag: str = ""
    breaching: bool = False


def case_queue(
    user: User, filters: QueueFilter | None = None, *, now: datetime | None = None
) -> QuerySet[Case]:
    """The cases an agent works: new and open ones by the time their next target
    falls due (soonest first), then those waiting on the customer; resolved
    cases only when the status filter asks for them. Each row carries its
    customer, assignee, tags and the start of the latest inbound message."""
    filters = filters or QueueFilter()
    cases = permissions.cases_visible_to(user)
    if filters.status:
        cases = cases.filter(status=filters.status)
    else:
        cases = cases.exclude(status=CaseStatus.RESOLVED)
    if filters.scope == SCOPE_MINE:
        cases = cases.filter(assignee=user)
    elif filters.scope == SCOPE_UNASSIGNED:
        cases = cases.filter(assignee__isnull=True)
    if filters.network:
        cases = cases.filter(network=filters.network)
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.tag:
        cases = cases.filter(tags__name=filters.tag)
    if filters.breaching:
        soon = (now or timezone.now()) + targets.warning_window()
        cases = cases.filter(status__in=OPEN_STATUSES, next_due_at__lte=soon)
    return _queue_rows(cases)


def _queue_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    latest_inbound = CaseMessage.objects.filter(
        case=OuterRef("pk"), direction=Direction.INBOUND
    ).order_by("-sent_at", "-pk")
    return (
        cases.select_related("contact", "assignee")
        .prefetch_related("tags")
        .annotate(
            latest_text=Subquery(
                latest_inbound.annotate(start=Substr("text", 1, EXCERPT_CHARS)).values(
                    "start"
                )[:1]
            ),
            waits_on_customer=db.Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=db.IntegerField(),
            ),
        )
        .order_by(
            "waits_on_customer",
            F("next_due_at").asc(nulls_last=True),
            "opened_at",
            "pk",
        )
    )


def queue_tags() -> list[str]:
    """The names of the tags on cases still being worked, for the queue's filter."""
    return list(
        CaseTag.objects.filter(
            items__content_object__status__in=[*OPEN_STATUSES, CaseStatus.WAITING]
        )
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def looks_like_reference(reference: str) -> bool:
    """``C-`` and letters of the reference alphabet: anything else is no case,
    answered 404 without a query."""
    body = reference[2:]
    return (
        reference.startswith("C-")
        and 0 < len(body) <= 14
        and all(ch in REFERENCE_ALPHABET for ch in body)
    )


def find_case(user: User, reference: str) -> Case:
    """A case the user may see, with its customer (and the member they are), its
    assignee, connector, team and community thread; raises Http404. What every
    action on a case starts from."""
    if not looks_like_reference(reference):
        raise Http404("No such case.")
    case = (
        permissions.cases_visible_to(user)
        .select_related(
            "contact__member", "assignee", "connector__team", "community_thread"
        )
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def case_detail(user: User, reference: str) -> Case:
    """``find_case`` with the case's tags, for the pages that show it whole."""
    case = find_case(user, reference)
    prefetch_related_objects([case], "tags")
    return case


@dataclass(frozen=True)
class TimelineEntry:
    """A message (either way) or an event of a case, at the time it happened."""

    at: datetime
    message: CaseMessage | None = None
    event: CaseEvent | None = None

    @property
    def is_note(self) -> bool:
        return self.event is not None and self.event.kind == "note"


def case_timeline(case: Case) -> list[TimelineEntry]:
    """The whole conversation and every change to the case, oldest first; each
    outbound message with its delivery, each event with who did it."""
    messages = case.messages.select_related(
        "agent", "delivery", "linked_thread", "linked_article"
    ).order_by("sent_at", "pk")
    events = case.events.select_related("actor").order_by("created_at", "pk")
    entries = [TimelineEntry(at=m.sent_at, message=m) for m in messages]
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    # Stable: at the same moment a message stays before the events it caused.
    return sorted(entries, key=lambda entry: (entry.at, entry.message is None))


def inbound_texts(timeline: list[TimelineEntry]) -> list[str]:
    """What the customer wrote, oldest first (the first few messages)."""
    texts = [
        entry.message.text
        for entry in timeline
        if entry.message is not None and entry.message.direction == Direction.INBOUND
    ]
    return texts[:SEARCHED_MESSAGES]


def earlier_cases(case: Case) -> list[Case]:
    """The same customer's other cases, newest first."""
    return list(
        Case.objects.filter(contact_id=case.contact_id)
        .exclude(pk=case.pk)
        .only("reference", "status", "opened_at", "subject", "network")
        .order_by("-opened_at")[:EARLIER_CASES_SHOWN]
    )


def desk_agents() -> list[User]:
    """Everyone a lead can give a case to, by name."""
    return list(permissions.case_workers().order_by("username"))


# Social posts carry handles, links and hashtags that only add noise to a search,
# and quotes or a leading dash that the search would read as its own syntax; the
# masks of contact details (``[email]``) go too.
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#][\w.]+|\[\w+\]|[^\w\s]")


def search_text(texts: list[str]) -> str:
    """The words of a customer's messages worth searching for: no handles,
    links, e-mail addresses or numbers, none of the query syntax."""
    text = _NOISE.sub(" ", mask_contact_details(" ".join(texts)))
    return " ".join(text.split())[:SEARCH_TEXT_MAX_LENGTH]


def answer_suggestions(texts: list[str]) -> list:
    """Solved threads and articles that may answer the customer's messages, from
    the same engine as every other search door (``SearchHit`` rows, answers
    first); none when the messages hold no words to search for."""
    from forum.search.engine import suggest_answers

    text = search_text(texts)
    return suggest_answers(text, limit=SUGGESTIONS_SHOWN) if text else []


def community_answer(link: tuple[str, int] | None) -> dict | None:
    """The thread or article a reply links to, as the reply service takes it
    (``{"thread": ...}`` or ``{"article": ...}``); None when there is none.
    Whether the public may read it is the service's question."""
    from forum.knowledge.models import Article
    from forum.models import Thread

    if link is None:
        return None
    kind, pk = link
    model = Thread if kind == "thread" else Article
    found = model.objects.select_related(
        "board" if kind == "thread" else "category"
    ).filter(pk=pk)
    answer = found.first()
    return {kind: answer} if answer is not None else None
