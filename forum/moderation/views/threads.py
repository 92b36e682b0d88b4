from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from forum import permissions
from forum import selectors as forum_selectors
from forum.models import Thread
from forum.moderation import services
from forum.moderation.forms import MergeForm, MoveForm, ReasonForm, SplitForm
from forum.moderation.views.common import respond

THREAD_ACTIONS = {
    "lock": (services.lock_thread, _("Locked: no new replies.")),
    "unlock": (services.unlock_thread, _("Unlocked: replies are open again.")),
    "pin": (services.pin_thread, _("Pinned to the top of the board.")),
    "unpin": (services.unpin_thread, _("Unpinned.")),
    "feature": (services.feature_thread, _("Featured on the home page.")),
    "unfeature": (services.unfeature_thread, _("No longer featured.")),
}


def _thread(thread_id: int) -> Thread:
    return get_object_or_404(Thread.objects.select_related("board"), pk=thread_id)


def _moderated_thread(user, thread_id: int) -> Thread:
    """A thread for a moderation form page: 403 unless the user moderates it."""
    thread = _thread(thread_id)
    if not permissions.can_moderate_thread(user, thread):
        raise PermissionDenied(gettext("You can't moderate this thread."))
    return thread


@require_POST
@login_required
def thread_action(request, thread_id: int, action: str):
    """Lock, unlock, pin, unpin, feature, unfeature (the service checks rights)."""
    thread = _thread(thread_id)
    service, done = THREAD_ACTIONS[action]
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        service(thread, by=request.user, reason=reason)
    except ValidationError as error:
        return respond(request, thread.get_absolute_url(), error=error)
    return respond(request, thread.get_absolute_url(), done=done)


def _form_page(request, template: str, thread: Thread, form, **context):
    context = {"thread": thread, "form": form, **context}
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def move(request, thread_id: int):
    thread = _moderated_thread(request.user, thread_id)
    form = MoveForm(request.POST or None, user=request.user, thread=thread)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_thread(
                thread,
                to=form.cleaned_data["to"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return respond(
                request,
                thread.get_absolute_url(),
                done=gettext("Moved to %(board)s.") % {"board": thread.board},
            )
    return _form_page(request, "moderation/move.html", thread, form)


@login_required
def merge(request, thread_id: int):
    thread = _moderated_thread(request.user, thread_id)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        into = Thread.objects.select_related("board").filter(
            pk=form.cleaned_data["into"]
        )
        try:
            target = services.merge_threads(
                thread,
                into=into.first() or Thread(pk=form.cleaned_data["into"]),
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return respond(
                request,
                target.get_absolute_url(),
                done=gettext("Merged. The old link redirects here."),
            )
    return _form_page(request, "moderation/merge.html", thread, form)


@login_required
def split(request, thread_id: int):
    thread = _moderated_thread(request.user, thread_id)
    replies = list(forum_selectors.thread_replies(request.user, thread))
    form = SplitForm(request.POST or None, user=request.user, replies=replies)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_thread(
                thread,
                post_ids=form.cleaned_data["posts"],
                title=form.cleaned_data["title"],
                board=form.cleaned_data["board"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return respond(
                request,
                new.get_absolute_url(),
                done=gettext("Split off into this new thread."),
            )
    return _form_page(request, "moderation/split.html", thread, form, replies=replies)
