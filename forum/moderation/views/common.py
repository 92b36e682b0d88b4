from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from community.http import json_error, wants_json
from forum.moderation.flood import RateLimited


def require(predicate, message: str = _("This page is for moderators.")):
    """Sign-in, then ``predicate(user)`` or 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def next_url(request, default: str) -> str:
    """Where to go after an action: a safe ``next`` field, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def refusal_text(error: ValidationError | RateLimited) -> str:
    """What to tell the member about a write a service refused."""
    return error.message if isinstance(error, RateLimited) else " ".join(error.messages)


def refusal_json(error: ValidationError | RateLimited) -> JsonResponse:
    """A refused write for a script: 429 with Retry-After from flood control, else
    400; the codes are the ones the API gives for the same refusals."""
    if isinstance(error, RateLimited):
        return json_error(
            error.message, code="throttled", status=429, retry_after=error.retry_after
        )
    return json_error(refusal_text(error), code="invalid", status=400)


def respond(request, default: str, *, done: str = "", error=None, status: int = 200):
    """Answer an action: JSON for scripts, else a flash message and a redirect."""
    if wants_json(request):
        if error is not None:
            return refusal_json(error)
        return JsonResponse({"message": done}, status=status)
    if error is not None:
        messages.error(request, refusal_text(error))
    elif done:
        messages.success(request, done)
    return redirect(next_url(request, default))
