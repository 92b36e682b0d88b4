from django.http import JsonResponse
from django.shortcuts import render

from forum.moderation.flood import RateLimited


class RateLimitedMiddleware:
    """Any write refused by flood control that a view did not answer itself becomes
    a 429 with Retry-After (JSON for scripts, a page for people)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        if "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse(
                {"detail": exception.message, "code": "rate_limited"}, status=429
            )
        else:
            response = render(
                request, "429.html", {"message": exception.message}, status=429
            )
        response["Retry-After"] = str(exception.retry_after)
        return response
