"""Working a case: open, claim, assign, reply, note, status, priority, tags.

Every change locks the case row, asks the permission module, writes its timeline
event and recomputes when the next target falls due, all in one transaction, so
the queue never shows a half-made change. Refusals raise ``PermissionDenied``
(who) or ``ValidationError`` (what), and change nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.care import targets
from forum.care.models import (
    TEXT_MAX_LENGTH,
    CareContact,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CasePriority,
    CaseStatus,
    Connector,
    Direction,
)
from forum.permissions.roles import roles_from_database

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
TAGS_MAX = 10
TAG_MAX_LENGTH = 50


def new_reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _position in range(7))


def _event(case: Case, kind: str, *, actor=None, before="", after="", text=""):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        before=str(before)[:200],
        after=str(after)[:200],
        text=text,
    )


def _lock(case: Case) -> Case:
    # Only the case row: PostgreSQL cannot lock the nullable side of the outer
    # join to the connector's team.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("connector__team")
        .get(pk=case.pk)
    )


def _touch(case: Case, now: datetime, *fields: str) -> None:
    case.next_due_at = targets.next_due(case)
    case.last_activity_at = now
    case.save(update_fields=[*fields, "next_due_at", "last_activity_at"])


def open_case(
    *,
    connector: Connector,
    contact: CareContact,
    opened_at: datetime,
    subject: str = "",
    is_public: bool = True,
    priority: str = CasePriority.NORMAL,
) -> Case:
    """A new case for a conversation nobody has seen, its targets set from the
    connector's team clock. Runs inside the intake's transaction."""
    first_due, resolution_due = targets.due_times(
        opened_at,
        network=connector.network,
        priority=priority,
        team=connector.team,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=new_reference(),
                    connector=connector,
                    network=connector.network,
                    contact=contact,
                    subject=subject[:200],
                    is_public=is_public,
                    priority=priority,
                    opened_at=opened_at,
                    last_inbound_at=opened_at,
                    last_activity_at=opened_at,
                    first_response_due=first_due,
                    resolution_due=resolution_due,
                    next_due_at=first_due,
                )
            break
        except IntegrityError:  # a reference taken by chance: draw another
            continue
    else:
        raise RuntimeError("Could not draw a free case reference.")
    _event(case, CaseEventKind.OPENED)
    return case


@roles_from_database
def claim_case(case: Case, *, by: User) -> Case:
    """Take the case: it is yours to answer. A lead may take it over."""
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_claim_case(by, case):
            if case.assignee_id == by.pk:
                raise ValidationError(_("You already hold this case."))
            if case.is_resolved:
                raise ValidationError(_("This case is resolved; reopen it first."))
            raise PermissionDenied(_("Another agent holds this case."))
        before = case.assignee.username if case.assignee_id else ""
        case.assignee = by
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.OPEN
        _touch(case, timezone.now(), "assignee", "status")
        _event(case, CaseEventKind.CLAIMED, actor=by, before=before, after=by.username)
    return case


@roles_from_database
def assign_case(case: Case, *, to: User | None, by: User) -> Case:
    """Give the case to another agent, or release it (``to=None``)."""
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_assign_case(by, case):
            raise PermissionDenied(
                _("Only the agent holding a case or a lead may pass it on.")
            )
        if to is not None and not permissions.may_work_cases(to):
            raise ValidationError(
                {"assignee": _("Cases go to support agents and staff only.")}
            )
        if to is not None and to.pk != by.pk and not permissions.is_care_lead(by):
            raise PermissionDenied(_("Only a lead assigns cases to someone else."))
        if (to.pk if to else None) == case.assignee_id:
            return case
        before = case.assignee.username if case.assignee_id else ""
        case.assignee = to
        _touch(case, timezone.now(), "assignee")
        kind = CaseEventKind.ASSIGNED if to else CaseEventKind.RELEASED
        _event(case, kind, actor=by, before=before, after=to.username if to else "")
    return case


def _clean_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    if len(text) > TEXT_MAX_LENGTH:
        limit = number_format(TEXT_MAX_LENGTH, force_grouping=True)
        raise ValidationError(
            {field: _("Keep it under %(limit)s characters.") % {"limit": limit}}
        )
    return text


def _check_link(thread, article) -> str:
    """The public address of the community answer a reply links to; refused
    unless everyone may read it (a hidden thread, an unpublished article)."""
    from forum.seo import absolute_url

    if thread is not None and article is not None:
        raise ValidationError(_("Link one answer: a thread or an article."))
    if thread is not None:
        if not permissions.can_view_thread(None, thread):
            raise ValidationError({"thread": _("That thread is not public.")})
        return absolute_url(thread.get_absolute_url())
    if article is not None:
        if not permissions.can_view_article(None, article):
            raise ValidationError({"article": _("That article is not published.")})
        return absolute_url(article.get_absolute_url())
    return ""


@roles_from_database
def reply_to_case(
    case: Case,
    *,
    by: User,
    text: str,
    thread=None,
    article=None,
    resolve: bool = False,
) -> CaseMessage:
    """Answer the customer through the case's connector, optionally with a link
    to a solved thread or a knowledge article (a social deflection). Replying to
    an unheld case claims it; the case then waits on the customer, or is resolved.
    The delivery to the connector is queued in the same transaction."""
    from forum.care.services.outbound import queue_reply

    text = _clean_text(text)
    link = _check_link(thread, article)
    if link and link not in text:
        text = f"{text}\n{link}"
    now = timezone.now()
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_work_case(by, case):
            raise PermissionDenied(_("Another agent holds this case."))
        message = CaseMessage.objects.create(
            case=case,
            connector=case.connector,
            direction=Direction.OUTBOUND,
            agent=by,
            author_name=by.username,
            text=text,
            is_public=case.is_public,
            sent_at=now,
            received_at=now,
            linked_thread=thread,
            linked_article=article,
        )
        fields = ["status", "assignee"]
        if case.assignee_id is None:
            case.assignee = by
        if case.first_response_at is None:
            case.first_response_at = now
            fields.append("first_response_at")
        if link and case.answered_with_community_at is None:
            case.answered_with_community_at = now
            fields.append("answered_with_community_at")
        if link:
            _event(case, CaseEventKind.LINKED, actor=by, after=link)
        before = case.status
        case.status = CaseStatus.RESOLVED if resolve else CaseStatus.WAITING
        if resolve:
            case.resolved_at = now
            fields.append("resolved_at")
        _touch(case, now, *fields)
        if before != case.status:
            _event(
                case, CaseEventKind.STATUS, actor=by, before=before, after=case.status
            )
        queue_reply(message)
    return message


@roles_from_database
def add_note(case: Case, *, by: User, text: str) -> CaseEvent:
    """An internal note on the timeline; never sent to the customer."""
    text = _clean_text(text)
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_add_case_note(by, case):
            raise PermissionDenied(_("Only support agents add notes."))
        case.last_activity_at = timezone.now()
        case.save(update_fields=["last_activity_at"])
        return _event(case, CaseEventKind.NOTE, actor=by, text=text)


@roles_from_database
def set_status(case: Case, *, status: str, by: User) -> Case:
    """Move the case to another status: resolving stops the clocks, reopening
    starts the resolution clock again from its original due time."""
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    now = timezone.now()
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_work_case(by, case):
            raise PermissionDenied(_("Another agent holds this case."))
        if case.status == status:
            return case
        before = case.status
        case.status = status
        case.resolved_at = now if status == CaseStatus.RESOLVED else None
        _touch(case, now, "status", "resolved_at")
        _event(case, CaseEventKind.STATUS, actor=by, before=before, after=status)
    return case


@roles_from_database
def set_priority(case: Case, *, priority: str, by: User) -> Case:
    """Change the priority; the targets are recomputed from when the case opened."""
    if priority not in CasePriority.values:
        raise ValidationError({"priority": _("Choose a priority from the list.")})
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_work_case(by, case):
            raise PermissionDenied(_("Another agent holds this case."))
        if case.priority == priority:
            return case
        before = case.priority
        case.priority = priority
        case.first_response_due, case.resolution_due = targets.due_times(
            case.opened_at,
            network=case.network,
            priority=priority,
            team=case.connector.team,
        )
        _touch(case, timezone.now(), "priority", "first_response_due", "resolution_due")
        _event(case, CaseEventKind.PRIORITY, actor=by, before=before, after=priority)
    return case


def clean_case_tags(tags) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    names = list(dict.fromkeys(t.strip().lower() for t in tags if t and t.strip()))
    if len(names) > TAGS_MAX:
        raise ValidationError(
            {"tags": _("At most %(count)s tags.") % {"count": TAGS_MAX}}
        )
    if any(len(name) > TAG_MAX_LENGTH for name in names):
        raise ValidationError(
            {
                "tags": _("Keep each tag under %(limit)s characters.")
                % {"limit": TAG_MAX_LENGTH}
            }
        )
    return names


@roles_from_database
def set_tags(case: Case, *, tags, by: User) -> Case:
    names = clean_case_tags(tags)
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_work_case(by, case):
            raise PermissionDenied(_("Another agent holds this case."))
        before = sorted(case.tags.names())
        if before == sorted(names):
            return case
        case.tags.set(names, clear=True)
        case.last_activity_at = timezone.now()
        case.save(update_fields=["last_activity_at"])
        _event(
            case,
            CaseEventKind.TAGS,
            actor=by,
            before=", ".join(before),
            after=", ".join(sorted(names)),
        )
    return case
