from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from forum import limits, permissions
from forum import selectors as forum_selectors
from forum.models import Post
from forum.moderation import selectors, services
from forum.moderation.flood import RateLimited
from forum.moderation.forms import FlagForm, ReasonForm
from forum.moderation.views.common import require, respond


def _post(post_id: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("thread__board", "author"), pk=post_id
    )


def _post_url(post: Post) -> str:
    return reverse("forum:post", args=[post.pk])


@require_POST
@login_required
def flag(request, post_id: int):
    post = forum_selectors.post_for_permalink(request.user, post_id)
    form = FlagForm(request.POST)
    if not form.is_valid():
        error = ValidationError([e for errors in form.errors.values() for e in errors])
        return respond(request, _post_url(post), error=error)
    try:
        created = services.flag_post(
            post,
            by=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, RateLimited) as error:
        return respond(request, _post_url(post), error=error)
    post = _post(post.pk)
    if created and post.is_hidden:
        # This flag was the one that hid it: its permalink is gone for the flagger.
        done = _("Thanks: the post is hidden until a moderator has looked at it.")
    elif created:
        done = _("Thanks: the moderators will take a look.")
    else:
        done = _("You've already flagged this post; the moderators will take a look.")
    return respond(request, _landing_url(request.user, post), done=done)


def _landing_url(user, post: Post) -> str:
    """The post after a flag; its thread, or board, when the flags hid it."""
    if permissions.can_view_post(user, post):
        return _post_url(post)
    if permissions.can_view_thread(user, post.thread):
        return post.thread.get_absolute_url()
    return post.thread.board.get_absolute_url()


def _approve(post, *, by, reason):
    services.approve_post(post, by=by)
    return _("Approved: the post is public now.")


def _hide(post, *, by, reason):
    services.hide_post(post, by=by, reason=reason)
    return _("The post is hidden.")


def _restore(post, *, by, reason):
    services.restore_post(post, by=by, reason=reason)
    return _("The post is visible again.")


def _dismiss(post, *, by, reason):
    count = services.dismiss_flags(post, by=by, reason=reason)
    return ngettext(
        "Dismissed %(count)d flag.", "Dismissed %(count)d flags.", count
    ) % {"count": count}


def _spam(post, *, by, reason):
    count = services.delete_as_spam(post, by=by, reason=reason or "Spam")
    return ngettext(
        "Hid %(count)d post and banned the author.",
        "Hid %(count)d posts and banned the author.",
        count,
    ) % {"count": count}


POST_ACTIONS = {
    "approve": _approve,
    "hide": _hide,
    "restore": _restore,
    "dismiss-flags": _dismiss,
    "spam": _spam,
}


@require_POST
@login_required
def post_action(request, post_id: int, action: str):
    """Approve, hide, restore, dismiss flags, delete as spam: 403 unless the user
    moderates the post's board (the service checks)."""
    post = _post(post_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        done = POST_ACTIONS[action](post, by=request.user, reason=reason)
    except ValidationError as error:
        return respond(request, reverse("moderation:queue"), error=error)
    return respond(request, reverse("moderation:queue"), done=done)


@require_GET
@require(permissions.can_view_moderation_queue)
def queue(request):
    kind = request.GET.get("show", "all")
    kind = kind if kind in selectors.QUEUE_KINDS else "all"
    board = selectors.queue_board(request.user, request.GET.get("board", ""))
    posts = selectors.moderation_queue(request.user, kind=kind, board=board)
    page = forum_selectors.paginate(
        posts, request.GET.get("page"), per_page=limits.THREADS_PER_PAGE
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "page": page,
            "items": list(page.object_list),
            "show": kind,
            "board": board,
            "boards": permissions.boards_moderated_by(request.user),
            "reason_form": ReasonForm(),
        },
    )


@require_GET
@login_required
def revisions(request, post_id: int):
    post, revisions = selectors.post_with_revisions(request.user, post_id)
    if not permissions.can_view_revisions(request.user, post):
        raise PermissionDenied(_("Only the board's moderators read a post's history."))
    return render(
        request,
        "moderation/revisions.html",
        {"post": post, "thread": post.thread, "revisions": revisions},
    )
