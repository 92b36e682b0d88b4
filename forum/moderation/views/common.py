from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from forum.moderation.flood import RateLimited


def require(predicate, message: str = "This page is for moderators."):
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


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def next_url(request, default: str) -> str:
    """Where to go after an action: a safe ``next`` field, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def respond(request, default: str, *, done: str = "", error=None, status: int = 200):
    """Answer an action: JSON for scripts, else a flash message and a redirect."""
    if wants_json(request):
        if error is not None:
            code = 429 if isinstance(error, RateLimited) else 400
            text = (
                error.message if isinstance(error, RateLimited) else error_text(error)
            )
            response = JsonResponse({"detail": text, "code": "refused"}, status=code)
            if isinstance(error, RateLimited):
                response["Retry-After"] = str(error.retry_after)
            return response
        return JsonResponse({"message": done}, status=status)
    if error is not None:
        text = error.message if isinstance(error, RateLimited) else error_text(error)
        messages.error(request, text)
    elif done:
        messages.success(request, done)
    return redirect(next_url(request, default))
