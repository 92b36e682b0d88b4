"""The private-message pages: thin doorways into the selectors and services."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from accounts.models import User
from forum import permissions
from forum import selectors as forum_selectors
from forum.composer.widgets import show_preview, wants_preview
from forum.messages import selectors, services
from forum.messages.forms import MessageForm, NewConversationForm, ReportForm
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import next_url, refusal_text


@require_GET
@login_required
def inbox(request):
    page = forum_selectors.paginate(
        selectors.inbox(request.user),
        request.GET.get("page"),
        per_page=selectors.CONVERSATIONS_PER_PAGE,
    )
    return render(request, "messages/inbox.html", {"page": page})


def _new_form(request) -> NewConversationForm:
    if wants_preview(request):
        form = NewConversationForm(initial=request.POST.dict())
        return show_preview(form, author=request.user)
    if request.method == "POST":
        return NewConversationForm(request.POST)
    to = request.GET.get("to", "")[:150]
    return NewConversationForm(initial={"recipients": to})


@require_http_methods(["GET", "POST"])
@login_required
def new_conversation(request):
    form = _new_form(request)
    if request.method == "POST" and not wants_preview(request) and form.is_valid():
        try:
            conversation = services.start_conversation(
                by=request.user,
                recipients=services.members_named(form.usernames()),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)  # an unknown name lands on "To"
        except RateLimited as error:
            form.add_error(None, refusal_text(error))
        else:
            flash.success(request, _("Your message is sent."))
            return redirect(conversation.get_absolute_url())
    return render(request, "messages/new.html", {"form": form})


def _page(request, conversation, *, form: MessageForm | None = None):
    # Without a page number, the newest messages: where a reply or a notification
    # leads.
    paginator = Paginator(
        selectors.conversation_messages(conversation),
        selectors.MESSAGES_PER_PAGE,
    )
    messages_page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    return render(
        request,
        "messages/conversation.html",
        {
            "conversation": conversation,
            "page": messages_page,
            "form": form or MessageForm(),
            "report_form": ReportForm(),
            "moderating": conversation.viewer_participant is None
            or conversation.viewer_participant.has_left,
        },
    )


@require_GET
@login_required
def conversation(request, conversation_id: int):
    """Participants read (and so mark read); a moderator reading a reported
    conversation leaves an audit entry each time."""
    conversation = selectors.conversation_detail(request.user, conversation_id)
    if permissions.can_leave_conversation(request.user, conversation):
        services.mark_read(conversation, by=request.user)
    else:
        services.record_moderator_read(conversation, by=request.user)
    return _page(request, conversation)


@require_POST
@login_required
def reply(request, conversation_id: int):
    conversation = selectors.conversation_detail(request.user, conversation_id)
    if not permissions.can_leave_conversation(request.user, conversation):
        raise PermissionDenied(_("Only the people in a conversation write in it."))
    if wants_preview(request):
        form = show_preview(
            MessageForm(initial=request.POST.dict()), author=request.user
        )
        return _page(request, conversation, form=form)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = services.send_message(
                conversation, by=request.user, body=form.cleaned_data["body"]
            )
        except (ValidationError, RateLimited) as error:
            form.add_error(None, refusal_text(error))
        else:
            flash.success(request, _("Your message is sent."))
            return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
    return _page(request, conversation, form=form)


@require_POST
@login_required
def leave(request, conversation_id: int):
    conversation = selectors.conversation_detail(request.user, conversation_id)
    services.leave_conversation(conversation, by=request.user)
    flash.success(
        request, _("You left “%(subject)s”.") % {"subject": conversation.subject}
    )
    return redirect("messages:inbox")


@require_POST
@login_required
def report(request, message_id: int):
    message = selectors.message_for_report(request.user, message_id)
    back = f"{message.conversation.get_absolute_url()}#message-{message.pk}"
    form = ReportForm(request.POST)
    if not form.is_valid():
        flash.error(request, "Choose a reason for the report.")
        return redirect(back)
    try:
        _report, created = services.report_message(
            message, by=request.user, **form.cleaned_data
        )
    except (ValidationError, RateLimited) as error:
        flash.error(request, refusal_text(error))
        return redirect(back)
    flash.success(
        request,
        _("Thanks: the moderators will take a look.")
        if created
        else _("You've already reported this message."),
    )
    return redirect(back)


@require_POST
@login_required
def dismiss_reports(request, conversation_id: int):
    conversation = selectors.conversation_detail(request.user, conversation_id)
    count = services.dismiss_message_reports(conversation, by=request.user)
    flash.success(
        request,
        ngettext("Dismissed %(count)d report.", "Dismissed %(count)d reports.", count)
        % {"count": count},
    )
    return redirect("moderation:queue")


def _member(username: str) -> User:
    return get_object_or_404(User, username=username, is_active=True)


@require_POST
@login_required
def block(request, username: str):
    member = _member(username)
    try:
        services.block_member(member, by=request.user)
    except ValidationError as error:
        flash.error(request, refusal_text(error))
    else:
        flash.success(
            request,
            _(
                "You blocked %(name)s: they can't message you, and you won't hear "
                "about their messages."
            )
            % {"name": member.name},
        )
    return redirect("accounts:profile", username=member.username)


@require_POST
@login_required
def unblock(request, username: str):
    member = _member(username)
    services.unblock_member(member, by=request.user)
    flash.success(request, _("You unblocked %(name)s.") % {"name": member.name})
    return redirect(
        next_url(request, reverse("accounts:profile", args=[member.username]))
    )


@require_GET
@login_required
def blocked(request):
    return render(
        request,
        "messages/blocked.html",
        {"blocks": list(selectors.blocked_members(request.user))},
    )
