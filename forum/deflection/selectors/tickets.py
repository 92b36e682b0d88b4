"""The community's ticket list: contact-form tickets kept in the product because no
helpdesk is configured."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from forum.deflection.models import Ticket

OPEN, HANDLED, ALL = "open", "handled", "all"


def kept_tickets(*, status: str = OPEN) -> QuerySet[Ticket]:
    """Kept tickets, newest first, with the member and the handler: one query a
    page however many tickets it lists."""
    tickets = (
        Ticket.objects.filter(kept_in_product=True)
        .select_related("user", "handled_by")
        .order_by("-created_at", "-pk")
    )
    if status == OPEN:
        return tickets.filter(handled_at__isnull=True)
    if status == HANDLED:
        return tickets.filter(handled_at__isnull=False)
    return tickets


def kept_ticket(reference: str) -> Ticket:
    """One kept ticket by its reference; raises Http404 (also for forwarded
    tickets, which live in the helpdesk)."""
    return get_object_or_404(
        Ticket.objects.select_related("user", "handled_by"),
        reference=reference,
        kept_in_product=True,
    )
