from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum import permissions
from forum import selectors as forum_selectors
from forum.models import Board, Post
from forum.notifications import selectors, services, texts, tokens
from forum.notifications.forms import PreferencesForm
from forum.notifications.models import NotificationKind

NOTIFICATIONS_PER_PAGE = 30


def _back(request, default: str) -> str:
    """Where a small POST action returns to: a path on this site, never elsewhere."""
    target = request.POST.get("next_page", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_GET
@login_required
def notification_list(request):
    page = forum_selectors.paginate(
        selectors.notification_list(request.user),
        request.GET.get("page"),
        per_page=NOTIFICATIONS_PER_PAGE,
    )
    return render(request, "notifications/list.html", {"page": page})


def _can_open(user, notification) -> bool:
    if notification.post_id is None:
        return True
    post = Post.objects.select_related("thread", "thread__board").get(
        pk=notification.post_id
    )
    return permissions.can_view_post(user, post)


@require_GET
@login_required
def open_notification(request, notification_id: int):
    """Opening a notification marks it read and leads to what it is about."""
    notification = selectors.notification_detail(request.user, notification_id)
    services.mark_read(notification, by=request.user)
    notification.recipient = request.user
    if not _can_open(request.user, notification):
        messages.info(request, _("That post is no longer visible in the community."))
        return redirect("notifications:list")
    return redirect(texts.target_path(notification))


@require_POST
@login_required
def mark_read(request, notification_id: int):
    notification = selectors.notification_detail(request.user, notification_id)
    services.mark_read(notification, by=request.user)
    return redirect(_back(request, reverse("notifications:list")))


@require_POST
@login_required
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(
        request,
        ngettext(
            "Marked %(count)d notification read.",
            "Marked %(count)d notifications read.",
            count,
        )
        % {"count": count}
        if count
        else _("You had no unread notifications."),
    )
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    row = selectors.settings_for(request.user)
    initial = PreferencesForm.initial_for(row, selectors.channels_for(request.user))
    form = PreferencesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_preferences(
                    request.user,
                    channels=form.channels(),
                    email_frequency=form.cleaned_data["email_frequency"],
                    auto_follow=form.cleaned_data["auto_follow"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notifications:settings")
        status = 400
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "boards": selectors.followed_boards(request.user),
            "tags": selectors.followed_tags(request.user),
        },
        status=status,
    )


# The token is the credential: mail clients POST here (RFC 8058) with no session and
# no CSRF token, and nobody needs to sign in.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows what the link will stop and one button; POST stops it. Link scanners
    that prefetch GETs therefore unsubscribe nobody."""
    try:
        if request.method == "POST":
            user, scope = services.unsubscribe(token)
            done = True
        else:
            user_id, scope = tokens.read_unsubscribe_token(token)
            done = False
    except tokens.InvalidToken as error:
        return render(
            request,
            "notifications/unsubscribe_invalid.html",
            {"reason": str(error)},
            status=400,
        )
    label = (
        NotificationKind(scope).label
        if scope in NotificationKind.values
        else _("all notification e-mails")
    )
    return render(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "done": done, "label": label, "scope": scope},
    )


@require_POST
@login_required
def follow_board(request, slug: str):
    board = get_object_or_404(Board, slug=slug)
    if request.POST.get("action") == "unfollow":
        services.unfollow_board(board, by=request.user)
        messages.success(
            request, _("You no longer follow %(name)s.") % {"name": board.name}
        )
    else:
        services.follow_board(board, by=request.user)
        messages.success(
            request,
            _("You'll hear about new threads in %(name)s.") % {"name": board.name},
        )
    return redirect(_back(request, board.get_absolute_url()))


@require_POST
@login_required
def follow_tag(request, slug: str):
    tag = forum_selectors.tag_detail(slug)
    if request.POST.get("action") == "unfollow":
        services.unfollow_tag(tag, by=request.user)
        messages.success(
            request, _("You no longer follow “%(name)s”.") % {"name": tag.name}
        )
    else:
        services.follow_tag(tag, by=request.user)
        messages.success(
            request,
            _("You'll hear about new threads tagged “%(name)s”.") % {"name": tag.name},
        )
    return redirect(_back(request, reverse("forum:tag", args=[tag.slug])))
