"""The customer's personal data on the care desk: retention and erasure.

What a customer wrote, their handle and name, and the agents' notes about them
are personal data; the case's times, statuses, channel and priority are the
figures the reports read. Redacting a case removes the first and keeps the
second, so a report over last year still counts it. A contact with nothing left
is erased too: the row stays (cases point at it) under a placeholder handle.

Both doors lead here: the daily purge (``redact_expired_cases``, cases resolved
more than CARE_RETENTION_DAYS ago) and erasure (a member's account deleted, or a
customer who asks by other means: ``manage.py erase_care_contact``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from forum.care.models import (
    CareContact,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    Direction,
    InboundMessage,
)
from forum.deflection.models import Delivery

logger = logging.getLogger(__name__)

REDACTED = "[removed]"
ERASED_HANDLE = "erased-{pk}"


def redact_case(case: Case, *, now: datetime | None = None) -> bool:
    """Remove the customer's words and identity from one case (its messages,
    subject, notes, queued copies and reply payloads); returns whether anything
    was left to remove. Call inside a transaction."""
    now = now or timezone.now()
    messages = CaseMessage.objects.filter(case=case, redacted_at=None)
    message_ids = list(messages.values_list("pk", flat=True))
    if not message_ids and not case.subject:
        return False
    messages.update(text=REDACTED, url="", redacted_at=now)
    CaseMessage.objects.filter(pk__in=message_ids, direction=Direction.INBOUND).update(
        author_handle="", author_name=""
    )
    InboundMessage.objects.filter(message_id__in=message_ids).update(
        payload={"redacted": True}
    )
    delivery_ids = CaseMessage.objects.filter(pk__in=message_ids).exclude(delivery=None)
    Delivery.objects.filter(pk__in=delivery_ids.values("delivery_id")).update(
        payload={"event": "care.reply", "case": case.reference, "redacted": True}
    )
    CaseEvent.objects.filter(case=case, kind=CaseEventKind.NOTE).update(text=REDACTED)
    Case.objects.filter(pk=case.pk).update(subject="")
    CaseEvent.objects.create(case=case, kind=CaseEventKind.REDACTED, created_at=now)
    return True


def erase_contact(contact: CareContact, *, now: datetime | None = None) -> int:
    """Erase a customer: every case of theirs redacted (an unresolved one is
    resolved, since nobody can answer it now) and the contact replaced by a
    placeholder; returns how many cases were redacted."""
    now = now or timezone.now()
    redacted = 0
    with transaction.atomic():
        contact = CareContact.objects.select_for_update().get(pk=contact.pk)
        for case in Case.objects.select_for_update(of=("self",)).filter(
            contact=contact
        ):
            if not case.is_resolved:
                _resolve_for_erasure(case, now=now)
            redacted += redact_case(case, now=now)
        _erase(contact, now=now)
    logger.info("Care contact %s erased (%s cases redacted).", contact.pk, redacted)
    return redacted


def _resolve_for_erasure(case: Case, *, now: datetime) -> None:
    before = case.status
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.RESOLVED, resolved_at=now, next_due_at=None
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.STATUS,
        before=before,
        after=CaseStatus.RESOLVED,
        created_at=now,
    )


def _erase(contact: CareContact, *, now: datetime) -> None:
    contact.handle = ERASED_HANDLE.format(pk=contact.pk)
    contact.display_name = contact.external_id = ""
    contact.member = None
    contact.erased_at = now
    contact.save(
        update_fields=["handle", "display_name", "external_id", "member", "erased_at"]
    )


def erase_member_contacts(user, *, now: datetime | None = None) -> int:
    """Erase every contact linked to ``user`` (their account is being deleted);
    returns how many contacts were erased."""
    contacts = list(CareContact.objects.filter(member=user, erased_at=None))
    for contact in contacts:
        erase_contact(contact, now=now)
    return len(contacts)


def find_contact(*, network: str, handle: str) -> CareContact | None:
    """The customer with this handle on this network (case-insensitive)."""
    return (
        CareContact.objects.filter(
            network=network, handle__iexact=handle.strip(), erased_at=None
        )
        .order_by("pk")
        .first()
    )


def retention() -> timedelta:
    return timedelta(days=settings.CARE_RETENTION_DAYS)


def redact_expired_cases(
    *, now: datetime | None = None, batch_size: int = 500
) -> dict[str, int]:
    """Redact cases resolved more than CARE_RETENTION_DAYS ago, then erase the
    contacts with nothing left; one transaction per case, so an interrupted run
    is simply run again."""
    now = now or timezone.now()
    cutoff = now - retention()
    unredacted = CaseMessage.objects.filter(case=OuterRef("pk"), redacted_at=None)
    due = Case.objects.filter(
        Q(Exists(unredacted)) | ~Q(subject=""),
        status=CaseStatus.RESOLVED,
        resolved_at__lt=cutoff,
    ).order_by("pk")
    cases, last_pk = 0, 0
    while batch := list(
        due.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size]
    ):
        for pk in batch:
            with transaction.atomic():
                case = Case.objects.select_for_update().filter(pk=pk).first()
                if case is not None and case.is_resolved:
                    cases += redact_case(case, now=now)
        last_pk = batch[-1]
    return {"care_cases_redacted": cases, "care_contacts_erased": _erase_idle(now)}


def _erase_idle(now: datetime) -> int:
    """Contacts whose every case is redacted, not seen within the retention."""
    live_case = Case.objects.filter(contact=OuterRef("pk")).filter(
        Q(Exists(CaseMessage.objects.filter(case=OuterRef("pk"), redacted_at=None)))
        | ~Q(status=CaseStatus.RESOLVED)
    )
    idle = CareContact.objects.filter(
        erased_at=None, last_seen_at__lt=now - retention()
    ).exclude(Exists(live_case))
    erased = 0
    for contact in idle.iterator():
        with transaction.atomic():
            _erase(contact, now=now)
        erased += 1
    return erased


def member_care_export(user) -> list[dict]:
    """What the care desk holds about a member, for "download my data": their
    linked customer identities and what they wrote (notes are staff's, kept out)."""
    return [
        {
            "network": contact.network,
            "handle": contact.handle,
            "display_name": contact.display_name,
            "first_seen_at": contact.first_seen_at,
            "messages": list(
                CaseMessage.objects.filter(
                    case__contact=contact, direction=Direction.INBOUND
                )
                .order_by("sent_at", "pk")
                .values("case__reference", "text", "url", "sent_at")
            ),
        }
        for contact in CareContact.objects.filter(member=user).order_by("pk")
    ]
