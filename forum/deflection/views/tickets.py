"""The community's ticket list for staff: contact-form tickets kept in the product
when no helpdesk is configured, and marking them handled."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from forum import permissions
from forum.deflection.forms import TicketListFilterForm
from forum.deflection.selectors import tickets as selectors
from forum.deflection.services.tickets import has_helpdesk, mark_ticket_handled

PER_PAGE = 50


def _require_ticket_reader(request) -> None:
    if not permissions.can_view_ticket_list(request.user):
        raise PermissionDenied


@require_GET
@never_cache
@login_required
def ticket_list(request):
    """Kept tickets, newest first, open ones by default; a bad filter is a form
    error."""
    _require_ticket_reader(request)
    form = TicketListFilterForm(request.GET)
    status = selectors.OPEN
    if form.is_valid():
        status = form.cleaned_data["status"] or selectors.OPEN
    page = Paginator(selectors.kept_tickets(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deflection/tickets.html",
        {
            "form": form,
            "status": status,
            "page": page,
            "has_helpdesk": has_helpdesk(),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@never_cache
@login_required
def ticket_detail(request, reference: str):
    _require_ticket_reader(request)
    ticket = selectors.kept_ticket(reference)
    return render(request, "deflection/ticket_detail.html", {"ticket": ticket})


@require_POST
@login_required
def ticket_handled(request, reference: str):
    """Mark the ticket handled (its answer went out by e-mail)."""
    _require_ticket_reader(request)
    ticket = mark_ticket_handled(selectors.kept_ticket(reference), by=request.user)
    messages.success(
        request,
        _("Ticket %(reference)s marked handled.") % {"reference": ticket.reference},
    )
    return redirect("deflection:tickets")
