"""Response headers the security headers of SecurityMiddleware do not cover, and the
page cache's per-request memory."""

from django.utils.cache import patch_cache_control

from forum import caching
from forum.console import conf as site_settings

# Pages that show one person's data, or data only some roles may see: no browser,
# proxy or CDN may keep a copy (a shared computer's back button included).
PRIVATE_PREFIXES = (
    "/settings/",
    "/reports/",
    "/moderation/",
    "/notifications/",
    "/messages/",
    "/accounts/",
    "/admin/",
)


class PrivatePagesNoStoreMiddleware:
    """``Cache-Control: no-store`` on private pages and on every response to a
    signed-in member's API call; ``private`` on other pages for signed-in members
    (their header shows notification counts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        signed_in = getattr(request, "user", None) and request.user.is_authenticated
        if request.path.startswith(PRIVATE_PREFIXES) or (
            signed_in and request.path.startswith("/api/")
        ):
            patch_cache_control(
                response, no_store=True, no_cache=True, private=True, max_age=0
            )
        elif signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


class GenerationsPerRequestMiddleware:
    """Each page-cache generation (forum.caching) and the site settings
    (forum.console.conf) are read from the cache once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with caching.generations_per_request(), site_settings.read_once_per_request():
            return self.get_response(request)
