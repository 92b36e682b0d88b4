"""What the forum's views share: answering a small action (JSON for the page's
script, else a flash message and a redirect) and a post's address."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from community.http import wants_json
from forum.models import Post
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import refusal_json, refusal_text


def _done(request, redirect_to: str, message: str, data: dict | None = None):
    """Answer a small POST action: JSON for the page's script, else a redirect."""
    if wants_json(request):
        return JsonResponse({"message": message, **(data or {})})
    messages.success(request, message)
    return redirect(redirect_to)


def _refused(request, redirect_to: str, error: ValidationError | RateLimited):
    if wants_json(request):
        return refusal_json(error)
    messages.error(request, refusal_text(error))
    return redirect(redirect_to)


def _posted_message(post: Post, published: str) -> str:
    if post.is_approved:
        return published
    return _(
        "Thanks! A moderator will check your post soon: until then only you can see "
        "it (marked “awaiting approval”)."
    )


def _post_anchor(post: Post) -> str:
    return reverse("forum:post", args=[post.pk])
