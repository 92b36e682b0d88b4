"""Support tickets: submitted on the contact form, or reported by the helpdesk."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum import permissions
from forum.deflection.models import (
    DeflectionSettings,
    Journey,
    JourneyEvent,
    Ticket,
    TicketCategory,
    TicketSource,
)
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
    """The helpdesk ticket id is already recorded for a different journey."""


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
) -> Ticket:
    """Store a contact-form ticket on the journey and queue its delivery to the
    helpdesk (sent after commit; retried until delivered)."""
    ticket = Ticket.objects.create(
        reference=new_reference(),
        journey_id=journey_id,
        source=TicketSource.FORM,
        subject=subject,
        description=description,
        category=category,
        email=email,
        user=user if user is not None and user.is_authenticated else None,
        created_at=timezone.now(),
        received_at=timezone.now(),
    )
    queue_delivery(
        event="ticket.created", payload=ticket_payload(ticket), ticket=ticket
    )
    # Integrations (a CRM, say) may subscribe to tickets too.
    integrations.emit(
        "ticket.submitted",
        {"journey_id": ticket.journey_id, "ticket": ticket_payload(ticket)["ticket"]},
    )
    return ticket


def ticket_payload(ticket: Ticket) -> dict:
    """The JSON the helpdesk receives for a new ticket."""
    return {
        "event": "ticket.created",
        "site": settings.SITE_URL,
        "journey_id": ticket.journey_id,
        "ticket": {
            "reference": ticket.reference,
            "subject": ticket.subject,
            "description": ticket.description,
            "category": ticket.category,
            "category_label": TicketCategory(ticket.category).label
            if ticket.category
            else "",
            "email": ticket.email,
            "username": ticket.user.username if ticket.user_id else None,
            "created_at": ticket.created_at.isoformat(),
        },
    }


def report_helpdesk_ticket(
    *, journey_id: str, helpdesk_ticket_id: str, created_at: datetime | None = None
) -> tuple[Ticket, bool]:
    """Record a ticket the helpdesk opened for a journey; idempotent on the helpdesk's
    id. Returns (ticket, created); raises UnknownJourney, TicketConflict or
    ValidationError (created_at in the future)."""
    now = timezone.now()
    created_at = created_at or now
    if created_at > now + CLOCK_SKEW:
        raise ValidationError({"created_at": "must not be in the future"})
    existing = Ticket.objects.filter(helpdesk_ticket_id=helpdesk_ticket_id).first()
    if existing is not None:
        return _replayed(existing, journey_id), False
    if not _journey_exists(journey_id):
        raise UnknownJourney(journey_id)
    try:
        with transaction.atomic():
            ticket = Ticket.objects.create(
                reference=new_reference(),
                journey_id=journey_id,
                source=TicketSource.HELPDESK,
                helpdesk_ticket_id=helpdesk_ticket_id,
                created_at=created_at,
                received_at=now,
            )
    except IntegrityError:  # the same report, racing itself
        existing = Ticket.objects.get(helpdesk_ticket_id=helpdesk_ticket_id)
        return _replayed(existing, journey_id), False
    # Late reports are the point: have the next build recompute the journey.
    Journey.objects.filter(public_id=journey_id).update(
        needs_rebuild=True, is_final=False
    )
    return ticket, True


def _replayed(ticket: Ticket, journey_id: str) -> Ticket:
    if ticket.journey_id != journey_id:
        raise TicketConflict(ticket.helpdesk_ticket_id)
    return ticket


def _journey_exists(journey_id: str) -> bool:
    flush_pending_events()
    return (
        Journey.objects.filter(public_id=journey_id).exists()
        or JourneyEvent.objects.filter(journey_id=journey_id).exists()
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
