from django.shortcuts import render

from community.http import wants_json
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import refusal_json


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
        if wants_json(request):
            return refusal_json(exception)
        response = render(
            request, "429.html", {"message": exception.message}, status=429
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
