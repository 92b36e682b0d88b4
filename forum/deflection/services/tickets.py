"""Support tickets: submitted on the contact form, or reported by the helpdesk."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forum import permissions
from forum.deflection import conf
from forum.deflection.models import (
    DeflectionSettings,
    EventKind,
    Journey,
    JourneyEvent,
    Ticket,
    TicketCategory,
    TicketJourney,
    TicketMatch,
    TicketSource,
)
from forum.deflection.services import identities
from forum.deflection.services.event_writer import flush_pending_events
from forum.deflection.services.outbox import queue_delivery
from forum.integrations import services as integrations

# Reference alphabet without look-alikes (0/O, 1/I/L), read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# The helpdesk's clock may run a little ahead of ours.
CLOCK_SKEW = timedelta(minutes=5)


class UnknownJourney(Exception):
    """No journey has this id (never issued, or already purged)."""


class TicketConflict(Exception):
    """The helpdesk ticket id is already recorded for a different journey or
    customer."""


def new_reference() -> str:
    """A short random ticket reference such as ``CS-7KQ2M9XA``."""
    return "CS-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


@transaction.atomic
def submit_ticket(
    *,
    subject: str,
    description: str,
    category: str,
    email: str,
    user=None,
    journey_id: str | None = None,
    journey_token: str = "",
) -> Ticket:
    """Store a contact-form ticket on the journey and queue its delivery to the
    helpdesk (sent after commit; retried until delivered). The payload carries the
    journey's signed token too, which the helpdesk may send back instead of the id.
    With no helpdesk configured the ticket is kept for staff in the community's
    ticket list instead: nothing is queued that could never be delivered."""
    forwarded = has_helpdesk()
    ticket = Ticket.objects.create(
        reference=new_reference(),
        journey_id=journey_id,
        match=TicketMatch.JOURNEY if journey_id else TicketMatch.UNMATCHED,
        source=TicketSource.FORM,
        subject=subject,
        description=description,
        category=category,
        email=email,
        user=user if user is not None and user.is_authenticated else None,
        created_at=timezone.now(),
        received_at=timezone.now(),
        kept_in_product=not forwarded,
    )
    if forwarded:
        queue_delivery(
            event="ticket.created",
            payload=ticket_payload(ticket, journey_token=journey_token),
            ticket=ticket,
        )
    # Integrations (a CRM, say) may subscribe to tickets too.
    integrations.emit(
        "ticket.submitted",
        {"journey_id": ticket.journey_id, "ticket": ticket_payload(ticket)["ticket"]},
    )
    return ticket


def has_helpdesk() -> bool:
    """Whether contact-form tickets go to a helpdesk (its webhook or its e-mail
    address); else they stay in the community's own ticket list."""
    return bool(conf.helpdesk_webhook_url() or conf.helpdesk_email())


@transaction.atomic
def mark_ticket_handled(ticket: Ticket, *, by) -> Ticket:
    """Mark a kept ticket handled (answered), recording who and when; raises
    PermissionDenied. Marking it again keeps the first record: who answered is
    what staff need to know."""
    if not permissions.can_handle_ticket(by):
        raise PermissionDenied
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.handled_at is None:
        ticket.handled_at, ticket.handled_by = timezone.now(), by
        ticket.save(update_fields=["handled_at", "handled_by"])
    return ticket


def _helpdesk_label(category: str) -> str:
    # The helpdesk's staff and rules read the site's language, whichever language
    # the customer wrote in; and the payload is JSON, so a plain string.
    if not category:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return str(TicketCategory(category).label)


def ticket_payload(ticket: Ticket, *, journey_token: str = "") -> dict:
    """The JSON the helpdesk receives for a new ticket."""
    return {
        "event": "ticket.created",
        "site": settings.SITE_URL,
        "journey_id": ticket.journey_id,
        "journey_token": journey_token if ticket.journey_id else "",
        "ticket": {
            "reference": ticket.reference,
            "subject": ticket.subject,
            "description": ticket.description,
            "category": ticket.category,
            "category_label": _helpdesk_label(ticket.category),
            "email": ticket.email,
            "username": ticket.user.username if ticket.user_id else None,
            "created_at": ticket.created_at.isoformat(),
        },
    }


@dataclass(frozen=True)
class Identity:
    """A customer as the helpdesk names them: a kind and a keyed hash (see
    services.identities), never the value."""

    kind: str
    digest: str


def report_helpdesk_ticket(
    *,
    helpdesk_ticket_id: str,
    journey_id: str | None = None,
    identity: Identity | None = None,
    created_at: datetime | None = None,
) -> tuple[Ticket, bool]:
    """Record a ticket the helpdesk opened, for a journey it names or for a customer
    it names; idempotent on the helpdesk's id. Returns (ticket, created); raises
    UnknownJourney, TicketConflict or ValidationError (created_at in the future).

    A customer's ticket counts for that member's journeys whose last search lies
    within the ticket window before it (both ends included); a customer nobody
    matches, or a member with no such journey, gives an unmatched ticket.
    """
    if (journey_id is None) == (identity is None):
        raise ValueError("name the journey or the customer, not both")
    now = timezone.now()
    created_at = created_at or now
    if created_at > now + CLOCK_SKEW:
        raise ValidationError({"created_at": _("must not be in the future")})
    existing = Ticket.objects.filter(helpdesk_ticket_id=helpdesk_ticket_id).first()
    if existing is not None:
        return _replayed(existing, journey_id, identity), False
    if journey_id is not None:
        if not _journey_exists(journey_id):
            raise UnknownJourney(journey_id)
        fields, journeys = (
            {"journey_id": journey_id, "match": TicketMatch.JOURNEY},
            [journey_id],
        )
    else:
        journeys = _identity_journeys(identity, created_at=created_at)
        fields = {
            "identity_kind": identity.kind,
            "identity_digest": identity.digest,
            "match": TicketMatch.IDENTITY if journeys else TicketMatch.UNMATCHED,
        }
    try:
        with transaction.atomic():
            ticket = Ticket.objects.create(
                reference=new_reference(),
                source=TicketSource.HELPDESK,
                helpdesk_ticket_id=helpdesk_ticket_id,
                created_at=created_at,
                received_at=now,
                **fields,
            )
            if identity is not None:
                TicketJourney.objects.bulk_create(
                    TicketJourney(ticket=ticket, journey_id=key) for key in journeys
                )
    except IntegrityError:  # the same report, racing itself
        existing = Ticket.objects.get(helpdesk_ticket_id=helpdesk_ticket_id)
        return _replayed(existing, journey_id, identity), False
    # Late reports are the point: have the next build recompute the journeys.
    Journey.objects.filter(public_id__in=journeys).update(
        needs_rebuild=True, is_final=False
    )
    return ticket, True


def _replayed(
    ticket: Ticket, journey_id: str | None, identity: Identity | None
) -> Ticket:
    if journey_id is not None:
        same = ticket.match == TicketMatch.JOURNEY and ticket.journey_id == journey_id
    else:
        same = (ticket.identity_kind, ticket.identity_digest) == (
            identity.kind,
            identity.digest,
        )
    if not same:
        raise TicketConflict(ticket.helpdesk_ticket_id)
    return ticket


def _journey_exists(journey_id: str) -> bool:
    flush_pending_events()
    return (
        Journey.objects.filter(public_id=journey_id).exists()
        or JourneyEvent.objects.filter(journey_id=journey_id).exists()
    )


def _identity_journeys(identity: Identity, *, created_at: datetime) -> list[str]:
    """The journeys of the member(s) with this identity whose last search lies in
    [created_at - window, created_at]; a journey knows its member from the events
    recorded while they were signed in."""
    members = identities.members_with_identity(identity.kind, identity.digest)
    if not members:
        return []
    flush_pending_events()
    theirs = (
        JourneyEvent.objects.filter(user_id__in=members)
        .order_by()
        .values("journey_id")
        .distinct()
    )
    return sorted(
        JourneyEvent.objects.filter(journey_id__in=theirs, kind=EventKind.SEARCH)
        .order_by()
        .values("journey_id")
        .annotate(last_search_at=Max("created_at"))
        .filter(
            last_search_at__gte=created_at - conf.ticket_window(),
            last_search_at__lte=created_at,
        )
        .values_list("journey_id", flat=True)
    )


def update_deflection_settings(
    *, cost_per_contact: Decimal, currency: str, by
) -> DeflectionSettings:
    """Set the cost of an assisted contact; raises PermissionDenied for non-managers."""
    if not permissions.can_edit_deflection_settings(by):
        raise PermissionDenied
    current = DeflectionSettings.load()
    current.cost_per_contact = cost_per_contact
    current.currency = currency.upper()
    current.updated_at = timezone.now()
    current.updated_by = by
    current.full_clean()
    current.save()
    return current
