"""The agents' desk: the queue and a case's page, and the small POST views that
work a case. Views parse, call a service in ``forum.care.services.cases``, flash
and redirect; a refusal comes back on the case page, on the form it concerns
(400 for what was asked, 403 for who asked)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from forum import limits, permissions
from forum import selectors as forum_selectors
from forum.care import selectors
from forum.care.forms import (
    AssignForm,
    NoteForm,
    PriorityForm,
    QueueFilterForm,
    ReplyForm,
    StatusForm,
    TagsForm,
)
from forum.care.models import Case
from forum.care.services import cases as services
from forum.moderation.views.common import next_url, require

desk_only = require(
    permissions.can_open_care_desk, gettext_lazy("The care desk is for support agents.")
)


@require_GET
@desk_only
def queue(request):
    """Open cases by time to breach, then those waiting on the customer."""
    form = QueueFilterForm(request.GET)
    filters = form.queue_filter()
    page = forum_selectors.paginate(
        selectors.case_queue(request.user, filters),
        request.GET.get("page"),
        per_page=limits.THREADS_PER_PAGE,
    )
    context = {
        "page": page,
        "cases": list(page.object_list),
        "filters": filters,
        "filter_form": form,
        "tags": selectors.queue_tags(),
    }
    return render(request, "care/queue.html", context)


@require_GET
@desk_only
def case(request, reference: str):
    """A case: its customer, timeline, targets and the forms that work it."""
    return _case_page(request, selectors.case_detail(request.user, reference))


def _case_page(request, case: Case, *, status: int = 200, **bound):
    """The case page, with ``bound`` forms (a refused POST) in place of fresh ones."""
    timeline = selectors.case_timeline(case)
    reply_form = bound.pop("reply_form", None) or ReplyForm()
    reply_form.offer(selectors.answer_suggestions(selectors.inbound_texts(timeline)))
    is_lead = permissions.is_care_lead(request.user)
    context = {
        "case": case,
        "timeline": timeline,
        "earlier_cases": selectors.earlier_cases(case),
        "reply_form": reply_form,
        "note_form": NoteForm(),
        "claim_form": django_forms.Form(),
        "status_form": StatusForm(initial={"status": case.status}),
        "priority_form": PriorityForm(initial={"priority": case.priority}),
        "tags_form": TagsForm(
            initial={"tags": ", ".join(tag.name for tag in case.tags.all())}
        ),
        "assign_form": AssignForm(
            agents=selectors.desk_agents() if is_lead else (),
            initial={"assignee": case.assignee_id},
        ),
        "is_lead": is_lead,
        **bound,
    }
    return render(request, "care/case.html", context, status=status)


def _attach(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _act(request, case: Case, name: str, form, call, done: str):
    """Run ``call`` (a service call); on success flash ``done`` and go back to
    the case (or a safe ``next``), else show the refusal on ``form``."""
    try:
        call()
    except PermissionDenied as refusal:
        # Shown above the page: the form it concerns is hidden from this agent.
        text = str(refusal) or _("You may not do that to this case.")
        return _case_page(request, case, status=403, refusal=text)
    except ValidationError as error:
        _attach(form, error)
        return _case_page(request, case, status=400, **{name: form})
    messages.success(request, done)
    return redirect(next_url(request, case.get_absolute_url()))


def _invalid(request, case: Case, name: str, form):
    return _case_page(request, case, status=400, **{name: form})


@require_POST
@desk_only
def claim(request, reference: str):
    case = selectors.case_detail(request.user, reference)
    form = django_forms.Form(request.POST)
    return _act(
        request,
        case,
        "claim_form",
        form,
        lambda: services.claim_case(case, by=request.user),
        _("You hold case %(reference)s.") % {"reference": case.reference},
    )


@require_POST
@desk_only
def assign(request, reference: str):
    """A lead gives the case to any agent; its holder releases it."""
    case = selectors.case_detail(request.user, reference)
    # Everyone is a valid choice here, so that an agent who names a colleague
    # hears the rule from the service rather than "not in the list".
    agents = selectors.desk_agents()
    form = AssignForm(request.POST, agents=agents)
    if not form.is_valid():
        return _invalid(request, case, "assign_form", form)
    to = next((a for a in agents if a.pk == form.cleaned_data["assignee"]), None)
    if to:
        done = _("Case given to %(name)s.") % {"name": to.name}
    else:
        done = _("The case is released.")
    return _act(
        request,
        case,
        "assign_form",
        form,
        lambda: services.assign_case(case, to=to, by=request.user),
        done,
    )


@require_POST
@desk_only
def reply(request, reference: str):
    """Answer the customer through the connector, maybe with a community link."""
    case = selectors.case_detail(request.user, reference)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "reply_form", form)
    answer = selectors.community_answer(form.cleaned_data["answer"])
    if form.cleaned_data["answer"] and answer is None:
        field = "link" if form.cleaned_data["link"] else "address"
        form.add_error(field, _("That answer is no longer available."))
        return _invalid(request, case, "reply_form", form)
    resolve = form.cleaned_data["resolve"]
    return _act(
        request,
        case,
        "reply_form",
        form,
        lambda: services.reply_to_case(
            case,
            by=request.user,
            text=form.cleaned_data["text"],
            resolve=resolve,
            **(answer or {}),
        ),
        _("Reply sent and resolved.") if resolve else _("Reply sent."),
    )


@require_POST
@desk_only
def note(request, reference: str):
    case = selectors.case_detail(request.user, reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "note_form", form)
    return _act(
        request,
        case,
        "note_form",
        form,
        lambda: services.add_note(
            case, by=request.user, text=form.cleaned_data["text"]
        ),
        _("Note added."),
    )


@require_POST
@desk_only
def status(request, reference: str):
    case = selectors.case_detail(request.user, reference)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "status_form", form)
    new = form.cleaned_data["status"]
    return _act(
        request,
        case,
        "status_form",
        form,
        lambda: services.set_status(case, status=new, by=request.user),
        _("Status: %(status)s.") % {"status": dict(form.fields["status"].choices)[new]},
    )


@require_POST
@desk_only
def priority(request, reference: str):
    case = selectors.case_detail(request.user, reference)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "priority_form", form)
    new = form.cleaned_data["priority"]
    return _act(
        request,
        case,
        "priority_form",
        form,
        lambda: services.set_priority(case, priority=new, by=request.user),
        _("Priority: %(priority)s.")
        % {"priority": dict(form.fields["priority"].choices)[new]},
    )


@require_POST
@desk_only
def tags(request, reference: str):
    case = selectors.case_detail(request.user, reference)
    form = TagsForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "tags_form", form)
    return _act(
        request,
        case,
        "tags_form",
        form,
        lambda: services.set_tags(
            case, tags=form.cleaned_data["tags"], by=request.user
        ),
        _("Tags saved."),
    )
