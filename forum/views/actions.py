"""Small actions on a post or thread: kudos, "me too", accepting a solution,
following."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import (
    selectors,
    services,
)
from forum.models import Post
from forum.moderation.flood import RateLimited
from forum.views.common import _done, _post_anchor, _refused


@require_POST
@login_required
def kudos(request, post_id: int):
    post = selectors.post_for_permalink(request.user, post_id)
    if request.POST.get("action") == "withdraw":
        services.withdraw_kudos(post, by=request.user)
        message, given = _("Kudos taken back."), False
    else:
        try:
            services.give_kudos(post, by=request.user)
        except RateLimited as error:
            return _refused(request, _post_anchor(post), error)
        message, given = _("Kudos given. Thanks for saying thanks!"), True
    post.refresh_from_db(fields=["kudos_count"])
    return _done(
        request,
        _post_anchor(post),
        message,
        {"given": given, "kudos_count": post.kudos_count},
    )


@require_POST
@login_required
def me_too(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    if request.POST.get("action") == "remove":
        services.remove_me_too(thread, by=request.user)
        message, added = _("Removed your “me too”."), False
    else:
        services.add_me_too(thread, by=request.user)
        message, added = _("Noted: you have this question too."), True
    thread.refresh_from_db(fields=["me_too_count"])
    return _done(
        request,
        thread.get_absolute_url(),
        message,
        {"added": added, "me_too_count": thread.me_too_count},
    )


@require_POST
@login_required
def accept(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    post_id = request.POST.get("post", "")
    post = get_object_or_404(Post, pk=int(post_id) if post_id.isdigit() else 0)
    try:
        services.accept_solution(thread, post=post, by=request.user)
    except ValidationError as error:
        return _refused(request, thread.get_absolute_url(), error)
    return _done(request, _post_anchor(post), _("Marked as the accepted solution."))


@require_POST
@login_required
def unaccept(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    services.unaccept_solution(thread, by=request.user)
    return _done(request, thread.get_absolute_url(), _("The solution was unmarked."))


@require_POST
@login_required
def follow(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id)
    if request.POST.get("action") == "unfollow":
        services.unfollow_thread(thread, by=request.user)
        message, following = _("You no longer follow this thread."), False
    else:
        services.follow_thread(thread, by=request.user)
        message, following = _("You'll hear about replies and solutions."), True
    return _done(request, thread.get_absolute_url(), message, {"following": following})
