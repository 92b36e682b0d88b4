"""Staff doorways into the idea services: status changes with a response,
merges, moderation and flags. Views parse, call a service, flash, redirect; a
refused status change or merge re-renders the staff page with the error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum import permissions
from forum.ideas import selectors_staff
from forum.ideas.forms_staff import (
    FlagForm,
    MergeForm,
    ModeratorEditForm,
    ReasonForm,
    StatusChangeForm,
)
from forum.ideas.models import Idea
from forum.ideas.services import moderation, statuses
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import next_url, respond


def _staff_url(idea: Idea) -> str:
    return reverse("ideas:staff", args=[idea.pk])


def _attach(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _staff_page(request, idea: Idea, *, status: int = 200, **forms):
    if not (
        permissions.is_idea_staff(request.user)
        or permissions.can_moderate_ideas(request.user)
    ):
        raise PermissionDenied(_("This page is for staff."))
    context = {
        "idea": idea,
        "idea_flags": selectors_staff.open_flags_on(idea),
        "flagged_comments": selectors_staff.flagged_comments(idea),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        **forms,
    }
    return render(request, "ideas/staff/idea.html", context, status=status)


@require_GET
@login_required
def staff(request, pk: int):
    """An idea's staff page: its status forms, history and open flags."""
    return _staff_page(request, selectors_staff.idea_for_staff(request.user, pk))


@require_POST
@login_required
def change_status(request, pk: int):
    idea = selectors_staff.idea_for_staff(request.user, pk)
    form = StatusChangeForm(request.POST, auto_id="status-%s")
    if form.is_valid():
        try:
            statuses.change_idea_status(
                idea,
                to=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
                by=request.user,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request, _("Status changed; voters and followers are told.")
            )
            return redirect(next_url(request, _staff_url(idea)))
    return _staff_page(request, idea, status=400, status_form=form)


@require_POST
@login_required
def merge(request, pk: int):
    idea = selectors_staff.idea_for_staff(request.user, pk)
    form = MergeForm(request.POST, auto_id="merge-%s")
    if form.is_valid():
        into = Idea.objects.filter(pk=form.cleaned_data["into"]).first()
        if into is None or not permissions.can_view_idea(request.user, into):
            form.add_error("into", _("There is no idea with that number."))
        else:
            try:
                statuses.merge_idea(
                    idea,
                    into=into,
                    response=form.cleaned_data["response"],
                    by=request.user,
                )
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(
                    request,
                    _("Merged into “%(title)s” with its votes.")
                    % {"title": into.title},
                )
                return redirect(next_url(request, _staff_url(idea)))
    return _staff_page(request, idea, status=400, merge_form=form)


def _reason(request) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


IDEA_ACTIONS = {
    "hide": (moderation.hide_idea, gettext_lazy("The idea is hidden.")),
    "restore": (moderation.restore_idea, gettext_lazy("The idea is visible again.")),
    "lock": (moderation.lock_idea, gettext_lazy("The idea is locked.")),
    "unlock": (moderation.unlock_idea, gettext_lazy("The idea is open again.")),
}


@require_POST
@login_required
def idea_action(request, pk: int, action: str):
    """Hide, restore, lock or unlock an idea: moderators (the service checks)."""
    idea = selectors_staff.idea_for_staff(request.user, pk)
    service, done = IDEA_ACTIONS[action]
    try:
        service(idea, by=request.user, reason=_reason(request))
    except ValidationError as error:
        return respond(request, _staff_url(idea), error=error)
    return respond(request, _staff_url(idea), done=done)


COMMENT_ACTIONS = {
    "hide": (moderation.hide_idea_comment, gettext_lazy("The comment is hidden.")),
    "restore": (
        moderation.restore_idea_comment,
        gettext_lazy("The comment is visible again."),
    ),
}


@require_POST
@login_required
def comment_action(request, pk: int, action: str):
    """Hide or restore a comment on an idea: moderators."""
    comment = selectors_staff.comment_for_staff(request.user, pk)
    service, done = COMMENT_ACTIONS[action]
    try:
        service(comment, by=request.user, reason=_reason(request))
    except ValidationError as error:
        return respond(request, _staff_url(comment.idea), error=error)
    return respond(request, _staff_url(comment.idea), done=done)


@require_POST
@login_required
def resolve_flags(request, pk: int, decision: str):
    """Dismiss or uphold (hide) the open flags on an idea or, with ``comment``,
    on one of its comments: moderators."""
    idea = selectors_staff.idea_for_staff(request.user, pk)
    comment = None
    if request.POST.get("comment"):
        comment = _comment_of(request, idea)
    service = (
        moderation.dismiss_idea_flags
        if decision == "dismiss"
        else moderation.uphold_idea_flags
    )
    try:
        count = service(idea, comment=comment, by=request.user, reason=_reason(request))
    except ValidationError as error:
        return respond(request, reverse("moderation:queue"), error=error)
    if decision == "dismiss":
        done = ngettext(
            "Dismissed %(count)s flag.", "Dismissed %(count)s flags.", count
        )
    else:
        done = ngettext("Upheld %(count)s flag.", "Upheld %(count)s flags.", count)
    done %= {"count": count}
    return respond(request, reverse("moderation:queue"), done=done)


def _comment_of(request, idea: Idea):
    try:
        comment_id = int(request.POST["comment"])
    except ValueError:
        raise Http404("No such comment.") from None
    comment = selectors_staff.comment_for_staff(request.user, comment_id)
    if comment.idea_id != idea.pk:
        raise Http404("No such comment.")
    return comment


@require_http_methods(["GET", "POST"])
@login_required
def moderator_edit(request, pk: int):
    """A moderator edits an idea's title and body, with a reason for the log."""
    idea = selectors_staff.idea_for_staff(request.user, pk)
    if not permissions.can_moderate_ideas(request.user):
        raise PermissionDenied(_("Only moderators edit other members' ideas."))
    initial = {"title": idea.title, "body": idea.body}
    form = ModeratorEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.edit_idea_as_moderator(
                idea, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request, _("The idea is changed; the log keeps the old text.")
            )
            return redirect(_staff_url(idea))
    status = 400 if form.is_bound else 200
    return render(
        request, "ideas/staff/edit.html", {"idea": idea, "form": form}, status=status
    )


def _flag(request, target, *, service, landing: str):
    form = FlagForm(request.POST)
    if not form.is_valid():
        error = ValidationError([e for errors in form.errors.values() for e in errors])
        return respond(request, landing, error=error)
    try:
        created = service(target, by=request.user, **form.cleaned_data)
    except (ValidationError, RateLimited) as error:
        return respond(request, landing, error=error)
    if created:
        return respond(
            request, landing, done=_("Thanks: the moderators will take a look.")
        )
    return respond(request, landing, done=_("You've already flagged this."))


@require_POST
@login_required
def flag(request, pk: int):
    """Report an idea to the moderators."""
    idea = selectors_staff.idea_for_staff(request.user, pk)
    landing = _after_flag(request, idea)
    return _flag(request, idea, service=moderation.flag_idea, landing=landing)


@require_POST
@login_required
def flag_comment(request, pk: int):
    """Report a comment on an idea to the moderators."""
    comment = selectors_staff.comment_for_staff(request.user, pk)
    landing = _after_flag(request, comment.idea)
    return _flag(
        request, comment, service=moderation.flag_idea_comment, landing=landing
    )


def _after_flag(request, idea: Idea) -> str:
    """A safe ``next`` (the page the flag was sent from), else the idea's board,
    which stays visible when the flag hid the idea."""
    return next_url(request, "") or reverse("ideas:board", args=[idea.board.slug])


@require_GET
@login_required
def comment_link(request, pk: int):
    """Where an audit entry about a comment points: its idea's staff page."""
    comment = selectors_staff.comment_for_staff(request.user, pk)
    return redirect(f"{_staff_url(comment.idea)}#comment-{comment.pk}")
