import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unreachable", exc_info=True)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the SVG."""
    return redirect(static("favicon.svg"), permanent=True)


# Private or per-visitor pages crawlers have no business in; everything else is open.
ROBOTS_DISALLOW = [
    "/accounts/",
    "/admin/",
    "/ask/",
    "/search/",
    "/reports/",
    "/notifications/",
    "/settings/",
]


@require_GET
def robots_txt(request):
    """Crawlers may read public pages; the sitemap lists them."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["Allow: /", "", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
