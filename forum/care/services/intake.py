"""Intake: what connectors accept is stored first, then filed on its case.

``accept_messages`` runs on the request path and only stores ``InboundMessage``
rows (one per network message id, so a redelivery is a no-op) and hands them to a
background job. ``file_inbound`` then turns one row into a ``CaseMessage``: it
finds or creates the customer (``CareContact``), finds the conversation's case (a
reply joins the case of the message it answers; a private message joins the
customer's unresolved case on that connector) or opens one, and reopens a case
that was waiting on the customer or resolved. Each row is filed in a transaction
of its own, claimed by a conditional UPDATE so two workers never file it twice;
a failure is written on the row and the periodic sweep tries it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from community.faults import CACHE_ERRORS, CacheUnavailable
from forum.care import targets
from forum.care.connectors import IncomingMessage
from forum.care.models import (
    CareContact,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    Connector,
    Direction,
    InboundMessage,
    InboundStatus,
    Network,
)
from forum.care.services.cases import open_case

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60
# After this many failed attempts a row is left failed, for someone to look at.
MAX_FILING_ATTEMPTS = 5
SWEEP_BATCH = 500
SUBJECT_FROM_TEXT = 80
# The social logins whose account id is the network's author id.
SOCIAL_PROVIDERS = {
    Network.TWITTER: ("twitter", "twitter_oauth2"),
    Network.FACEBOOK: ("facebook",),
    Network.INSTAGRAM: ("instagram",),
}


class IntakeRateLimited(Exception):  # noqa: N818 - reads as "intake was rate limited"
    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests; retry in {retry_after} seconds.")
        self.retry_after = retry_after


# --- On the request path -------------------------------------------------------


def check_intake_rate(connector: Connector) -> None:
    """Count one request against the connector's per-minute allowance (a counter
    in the shared cache, so every app server counts together); raises
    ``IntakeRateLimited`` over it, ``CacheUnavailable`` when it cannot count."""
    limit = connector.intake_per_minute
    if not limit:
        return
    now = time.time()
    window = int(now // RATE_WINDOW_SECONDS)
    key = f"care:intake:{connector.pk}:{window}"
    try:
        cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
            count = 1
    except CACHE_ERRORS as error:
        raise CacheUnavailable(str(error)) from error
    if count > limit:
        retry_after = max(1, (window + 1) * RATE_WINDOW_SECONDS - int(now))
        raise IntakeRateLimited(retry_after)


def accept_messages(
    connector: Connector, messages: Iterable[IncomingMessage]
) -> tuple[int, int]:
    """Store each message not seen before on this connector and queue its filing;
    returns (accepted, duplicates)."""
    accepted: list[int] = []
    duplicates = 0
    with transaction.atomic():
        for message in messages:
            try:
                with transaction.atomic():
                    row = InboundMessage.objects.create(
                        connector=connector,
                        external_id=message.external_id,
                        payload=message.as_payload(),
                    )
            except IntegrityError:
                duplicates += 1
                continue
            accepted.append(row.pk)
        transaction.on_commit(lambda: enqueue_filing(accepted))
    return len(accepted), duplicates


def enqueue_filing(inbound_ids: list[int]) -> None:
    """Hand the rows to the task queue; if that fails, the sweep files them."""
    from forum.care import tasks

    for pk in inbound_ids:
        try:
            tasks.file_inbound_message.enqueue(pk)
        except Exception:
            logger.exception("Could not enqueue inbound %s; the sweep will file it", pk)


# --- In the background ---------------------------------------------------------


def file_inbound(inbound_id: int) -> CaseMessage | None:
    """File one queued message on its case; None when it is not queued (filed
    already, or being filed by another worker). A failure is recorded on the row."""
    try:
        with transaction.atomic():
            # The claim: on PostgreSQL a second worker's UPDATE waits for this
            # transaction and then finds the row no longer queued.
            claimed = InboundMessage.objects.filter(
                pk=inbound_id, status=InboundStatus.QUEUED
            ).update(
                status=InboundStatus.PROCESSED,
                processed_at=timezone.now(),
                attempts=F("attempts") + 1,
                error="",
            )
            if not claimed:
                return None
            row = InboundMessage.objects.select_related("connector__team").get(
                pk=inbound_id
            )
            message = _file(row)
            InboundMessage.objects.filter(pk=inbound_id).update(message=message)
            return message
    except Exception as error:
        logger.exception("Filing inbound message %s failed", inbound_id)
        _record_failure(inbound_id, error)
        return None


def _record_failure(inbound_id: int, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:500]
    queued = InboundMessage.objects.filter(pk=inbound_id, status=InboundStatus.QUEUED)
    try:
        queued.update(attempts=F("attempts") + 1, error=reason)
        queued.filter(attempts__gte=MAX_FILING_ATTEMPTS).update(
            status=InboundStatus.FAILED
        )
    except DatabaseError:
        # The row stays queued as it was; the sweep tries it again.
        logger.exception("Could not record the failure of inbound %s", inbound_id)


def file_queued(*, limit: int = SWEEP_BATCH) -> int:
    """File what is still queued, oldest first (the periodic sweep: jobs that were
    never run, and earlier failures); returns how many were filed."""
    ids = list(
        InboundMessage.objects.filter(status=InboundStatus.QUEUED)
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(file_inbound(pk) is not None for pk in ids)


def _file(row: InboundMessage) -> CaseMessage:
    connector = row.connector
    incoming = IncomingMessage.from_payload(row.payload)
    filed = CaseMessage.objects.filter(
        connector=connector, external_id=incoming.external_id
    ).first()
    if filed is not None:
        return filed
    contact = upsert_contact(incoming)
    # The customer wrote at sent_at, but never later than it reached us.
    written_at = min(incoming.sent_at, row.received_at)
    case = _case_for(connector, contact, incoming)
    if case is None:
        case = open_case(
            connector=connector,
            contact=contact,
            opened_at=written_at,
            subject=incoming.subject or _subject_from(incoming.text),
            is_public=incoming.is_public,
        )
    else:
        _customer_wrote_again(case, at=written_at)
    return CaseMessage.objects.create(
        case=case,
        connector=connector,
        direction=Direction.INBOUND,
        external_id=incoming.external_id,
        in_reply_to=incoming.in_reply_to,
        author_handle=incoming.author_handle,
        author_name=incoming.author_name,
        text=incoming.text,
        url=incoming.url,
        is_public=incoming.is_public,
        sent_at=written_at,
        received_at=row.received_at,
    )


def _subject_from(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= SUBJECT_FROM_TEXT:
        return line
    return line[: SUBJECT_FROM_TEXT - 1] + "…"


def _case_for(
    connector: Connector, contact: CareContact, incoming: IncomingMessage
) -> Case | None:
    """The case this message continues, locked; None for a new conversation."""
    case_id = None
    if incoming.in_reply_to:
        case_id = (
            CaseMessage.objects.filter(
                connector=connector, external_id=incoming.in_reply_to
            )
            .values_list("case_id", flat=True)
            .first()
        )
    if case_id is None and not incoming.is_public:
        case_id = (
            Case.objects.filter(connector=connector, contact=contact)
            .exclude(status=CaseStatus.RESOLVED)
            .order_by("-opened_at")
            .values_list("pk", flat=True)
            .first()
        )
    if case_id is None:
        return None
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("connector__team")
        .get(pk=case_id)
    )


def _customer_wrote_again(case: Case, *, at) -> None:
    """A new message on a case: it is the agents' turn again."""
    now = timezone.now()
    case.last_inbound_at = max(case.last_inbound_at, at)
    case.last_activity_at = now
    fields = ["last_inbound_at", "last_activity_at"]
    before = case.status
    if before in (CaseStatus.WAITING, CaseStatus.RESOLVED):
        case.status, case.resolved_at = CaseStatus.OPEN, None
        case.next_due_at = targets.next_due(case)
        fields += ["status", "resolved_at", "next_due_at"]
    case.save(update_fields=fields)
    if before != case.status:
        CaseEvent.objects.create(
            case=case, kind=CaseEventKind.STATUS, before=before, after=case.status
        )


def upsert_contact(incoming: IncomingMessage) -> CareContact:
    """The customer by the network's id for them (handles change), else by handle;
    created on first sight, kept current, linked to a member when one signed in
    with that network (or, for e-mail, verified that address). Returned locked,
    so two messages from one customer are filed one after the other."""
    network, handle = incoming.network, incoming.author_handle
    contact = None
    if incoming.author_id:
        contact = (
            CareContact.objects.filter(
                network=network, external_id=incoming.author_id, erased_at=None
            )
            .order_by("-last_seen_at")
            .first()
        )
    if contact is None:
        contact, _ = CareContact.objects.get_or_create(
            network=network,
            handle=handle,
            defaults={
                "external_id": incoming.author_id,
                "display_name": incoming.author_name,
                "first_seen_at": incoming.sent_at,
                "last_seen_at": incoming.sent_at,
            },
        )
    contact = CareContact.objects.select_for_update().get(pk=contact.pk)
    _refresh_contact(contact, incoming)
    return contact


def _refresh_contact(contact: CareContact, incoming: IncomingMessage) -> None:
    if (
        contact.handle != incoming.author_handle
        and not CareContact.objects.filter(
            network=contact.network, handle=incoming.author_handle
        ).exists()
    ):
        contact.handle = incoming.author_handle  # renamed on the network
    contact.external_id = contact.external_id or incoming.author_id
    contact.display_name = incoming.author_name or contact.display_name
    contact.last_seen_at = max(contact.last_seen_at, incoming.sent_at)
    if contact.member_id is None:
        contact.member_id = member_for(contact)
    contact.save()


def member_for(contact: CareContact) -> int | None:
    """The id of the member who proved they are this contact: a social login of
    the network with the same account id, or a verified e-mail address."""
    if contact.network == Network.EMAIL:
        return (
            EmailAddress.objects.filter(email__iexact=contact.handle, verified=True)
            .values_list("user_id", flat=True)
            .first()
        )
    providers = SOCIAL_PROVIDERS.get(contact.network)
    if not providers or not contact.external_id:
        return None
    return (
        SocialAccount.objects.filter(provider__in=providers, uid=contact.external_id)
        .values_list("user_id", flat=True)
        .first()
    )


def requeue_inbound(rows) -> int:
    """Send failed rows back to be filed (an admin action, after fixing what made
    them fail); returns how many."""
    ids = list(rows.filter(status=InboundStatus.FAILED).values_list("pk", flat=True))
    InboundMessage.objects.filter(pk__in=ids).update(
        status=InboundStatus.QUEUED, attempts=0, error=""
    )
    transaction.on_commit(lambda: enqueue_filing(ids))
    return len(ids)


def link_contacts_to_account(account: SocialAccount) -> int:
    """Link the contacts a member just proved to be (they connected or signed up
    with that network's social login) to them; returns how many."""
    networks = [n for n, ids in SOCIAL_PROVIDERS.items() if account.provider in ids]
    if not networks or not account.uid:
        return 0
    return CareContact.objects.filter(
        network__in=networks, external_id=account.uid, member=None, erased_at=None
    ).update(member_id=account.user_id)
