import logging
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from community import faults, theme
from community.http import json_error
from community.observability import dropped_counts

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not.
    For operators: how many journey events and thread views the background writers
    have dropped (a database outage outlasting their buffers, or a process exiting
    while the database was down)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unreachable", exc_info=True)
        return json_error(
            _("The database is unreachable."), code="service_unavailable", status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "dropped": dropped_counts()})


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the SVG."""
    return redirect(static("favicon.svg"), permanent=True)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """The styled 404 page, or a JSON 404 under /api/."""
    if _is_api(request):
        return json_error(_("Not found."), code="not_found", status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The styled 500 page (no details), or a JSON 500 under /api/; a database or
    cache outage met outside a view (in a middleware) is a 503 instead."""
    exception = sys.exc_info()[1]
    if faults.is_database_error(exception):
        return faults.service_unavailable(request)
    if faults.is_cache_error(exception):
        return faults.service_unavailable(request, message=faults.CACHE_MESSAGE)
    if _is_api(request):
        return json_error(
            _("Something went wrong on our side."), code="server_error", status=500
        )
    return defaults.server_error(request)


def bad_request(request, exception):
    if _is_api(request):
        return json_error(
            _("The request could not be understood."), code="bad_request", status=400
        )
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return json_error(
            str(exception) or _("Not allowed."), code="permission_denied", status=403
        )
    return defaults.permission_denied(request, exception)


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


def _safe_next(request, candidate: str | None) -> str:
    """Where to return after choosing a theme: a path on this site, else home."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_http_methods(["GET", "POST"])
def choose_theme(request):
    """The theme switch without JavaScript: GET shows the choices, POST keeps the one
    chosen in a cookie and returns to the page the visitor came from. An unknown
    value is a 400 with the form again, and no cookie."""
    back = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET":
        return render(request, "theme.html", {"next": back})
    chosen = request.POST.get("theme", "")
    if chosen not in theme.THEMES:
        context = {"next": back, "error": _("Choose light, dark or follow system.")}
        return render(request, "theme.html", context, status=400)
    response = redirect(back)
    response.set_cookie(
        theme.THEME_COOKIE,
        chosen,
        max_age=theme.THEME_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        # Read by the page's script to switch at once; it holds no secret.
        httponly=False,
    )
    return response
