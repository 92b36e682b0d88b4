"""From a case into the community: the page that turns a case into a community
thread, and the customer's consent to be named there."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from forum import limits, permissions
from forum.care.selectors import find_case
from forum.care.services.community import (
    set_publish_consent,
    thread_draft,
    turn_case_into_thread,
)
from forum.models import Board
from forum.moderation.flood import RateLimited


class ThreadFromCaseForm(forms.Form):
    board = forms.ModelChoiceField(
        label=gettext_lazy("Board"),
        queryset=Board.objects.filter(archived_at__isnull=True).order_by(
            "position", "name"
        ),
        empty_label=None,
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        min_length=limits.TITLE_MIN_LENGTH,
        max_length=limits.TITLE_MAX_LENGTH,
    )
    body = forms.CharField(
        label=gettext_lazy("Body"),
        max_length=limits.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Published under your name. Handles, names, e-mail addresses "
            "and phone or account numbers are masked again when you post."
        ),
    )
    anonymise = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Anonymise the customer"),
        help_text=gettext_lazy(
            "Only the customer's consent lets you name them; e-mail "
            "addresses and numbers are masked either way."
        ),
    )


def _case_for_agent(request, reference: str):
    """The case for an agent; others are refused (403), an unknown case is 404."""
    if not permissions.can_open_care_desk(request.user):
        raise PermissionDenied(_("The care desk is for support agents."))
    return find_case(request.user, reference)


@require_http_methods(["GET", "POST"])
@login_required
def turn_into_thread(request, reference: str):
    case = _case_for_agent(request, reference)
    if not permissions.can_turn_case_into_thread(request.user, case):
        if case.community_thread_id is not None:
            messages.info(request, _("This case is already a community thread."))
            return redirect(case.get_absolute_url())
        raise PermissionDenied(_("Another agent holds this case."))
    if request.method == "POST":
        form = ThreadFromCaseForm(request.POST)
        if form.is_valid() and _posted(request, case, form):
            return redirect(case.get_absolute_url())
    else:
        title, body = thread_draft(case)
        form = ThreadFromCaseForm(initial={"title": title, "body": body})
    return render(request, "care/turn_into_thread.html", {"case": case, "form": form})


def _posted(request, case, form) -> bool:
    """Post the thread; a refusal becomes the form's error."""
    data = form.cleaned_data
    try:
        thread = turn_case_into_thread(
            case,
            by=request.user,
            board=data["board"],
            title=data["title"],
            body=data["body"],
            anonymise=data["anonymise"] or not case.publish_consent,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return False
    except PermissionDenied as error:
        # The case was checked above: what is left is the board's posting rules.
        form.add_error("board", str(error) or _("You may not post in this board."))
        return False
    except RateLimited as error:
        form.add_error(None, error.message)
        return False
    if thread.is_approved:
        messages.success(request, _("The case is now a community thread."))
    else:
        messages.info(request, _("The thread waits for a moderator's approval."))
    return True


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@login_required
def publish_consent(request, reference: str):
    """Record the customer's yes or no to being named in the community."""
    case = _case_for_agent(request, reference)
    consent = request.POST.get("consent") == "yes"
    set_publish_consent(case, by=request.user, consent=consent)
    messages.success(
        request,
        _("The customer may be named in the community.")
        if consent
        else _("The customer will be anonymised in the community."),
    )
    return redirect(case.get_absolute_url())
