"""The composer's two helpers for its script: a server-rendered preview and
@mention completion. Both are reads, for signed-in members who may write."""

from django.http import JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.http import json_error
from forum import limits, permissions
from forum.composer import selectors
from forum.moderation import flood
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import refusal_json


def _refusal(request, action: str) -> JsonResponse | None:
    """A JSON refusal when the member may not compose or is going too fast."""
    if not request.user.is_authenticated:
        return json_error(
            _("Sign in to write a post."), code="not_authenticated", status=401
        )
    if not permissions.can_compose(request.user):
        return json_error(
            _("Your account may not post right now."),
            code="permission_denied",
            status=403,
        )
    try:
        flood.check(action, request.user)
    except RateLimited as error:
        return refusal_json(error)
    return None


@require_POST
def preview(request):
    """``body`` rendered exactly as the saved post will be."""
    if refusal := _refusal(request, "preview"):
        return refusal
    body = request.POST.get("body", "")
    if len(body) > limits.BODY_MAX_LENGTH:
        return json_error(
            _("Posts are at most %(count)s characters.")
            % {"count": number_format(limits.BODY_MAX_LENGTH, force_grouping=True)},
            code="too_long",
            status=400,
        )
    author, post_id = request.user, None
    if post := selectors.post_being_edited(request.user, request.POST.get("post")):
        # As the saved edit will show it: with the author's uploads, even when a
        # moderator edits.
        author, post_id = post.author, post.pk
    html = selectors.preview_html(body, author=author, post_id=post_id)
    return JsonResponse({"html": html})


@require_GET
def mentions(request):
    """Members whose username starts with ``q``, for @mention completion."""
    if refusal := _refusal(request, "mention_lookup"):
        return refusal
    prefix = request.GET.get("q", "").strip().lstrip("@")
    return JsonResponse({"results": selectors.members_named_like(prefix)})
