"""Contact support: suggested answers first, then the ticket form."""

from django.shortcuts import redirect, render

from forum.deflection.forms import ContactSearchForm, TicketForm
from forum.deflection.models import EventKind, EventSource
from forum.deflection.selectors.journeys import current_journey_id
from forum.deflection.services import journey_store, record_event, record_search
from forum.deflection.services.tickets import has_helpdesk, submit_ticket
from forum.search import SearchResults, search_threads
from forum.search.backends.base import SearchTimeout

SUGGESTIONS = 5
LAST_TICKET_KEY = "deflection_last_ticket"


def contact(request):
    """Step 1 and 2: what do you need help with? Then the answers we have for it."""
    form = ContactSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = None
    if query:
        try:
            results = search_threads(query, per_page=SUGGESTIONS)
        except SearchTimeout:
            # The ticket form is the way forward when suggestions are slow.
            results = SearchResults(query=query)
        record_search(
            request,
            query=query,
            results=results,
            source=EventSource.CONTACT_SUGGESTIONS,
        )
    return render(
        request,
        "deflection/contact.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "tickets_kept_here": not has_helpdesk(),
        },
    )


def contact_ticket(request):
    """Step 3: the ticket form (opening it is logged); submitting stores the ticket
    on the journey and queues it for the helpdesk, or keeps it in the community's
    ticket list when there is none."""
    if request.method == "POST":
        form = TicketForm(request.POST)
        if form.is_valid():
            record_event(request, EventKind.TICKET_SUBMITTED)
            journey_id = current_journey_id(request)
            ticket = submit_ticket(
                **form.cleaned_data,
                user=request.user,
                journey_id=journey_id,
                journey_token=journey_store.token(request) if journey_id else "",
            )
            request.session[LAST_TICKET_KEY] = ticket.reference
            return redirect("deflection:contact_sent")
    else:
        initial = {"subject": request.GET.get("q", "")[:150]}
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        form = TicketForm(initial=initial)
        record_event(request, EventKind.TICKET_STARTED)
    return render(
        request,
        "deflection/contact_ticket.html",
        {"form": form, "tickets_kept_here": not has_helpdesk()},
    )


def contact_sent(request):
    """The confirmation, with the reference of the visitor's own last ticket."""
    reference = request.session.get(LAST_TICKET_KEY)
    if not reference:
        return redirect("deflection:contact")
    return render(
        request,
        "deflection/contact_sent.html",
        {"reference": reference, "tickets_kept_here": not has_helpdesk()},
    )
