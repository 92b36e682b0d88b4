"""What visitors see when a dependency fails: a calm 503, never a stack trace.

Database down: every page answers 503 (JSON under /api/) and the error is logged;
nothing is cached about the failure, so the first request after the database is
back succeeds (connections are health-checked, CONN_HEALTH_CHECKS).

Cache down: reading continues (sessions fall back to the database, the rank ladder
is recomputed), but anything protected by a rate limit (sign-in, sign-up, password
reset, posting, kudos, flags) is refused with 503: the limits live in the cache,
and a limit that cannot be counted is never silently skipped.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from community.http import json_error
from community.replicas.state import retry_pending as replica_retry_pending

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a runtime dependency
    RedisError = OSError

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
CACHE_ERRORS = (RedisError, ConnectionError, TimeoutError)
RETRY_AFTER_SECONDS = 30

DATABASE_MESSAGE = _("The community is briefly unavailable. Please try again shortly.")
CACHE_MESSAGE = _(
    "Signing in and posting are paused for a moment while we fix a problem. "
    "Reading still works; please try again shortly."
)


class CacheUnavailable(Exception):  # noqa: N818 - reads as "the cache is unavailable"
    """A rate limit could not be counted because the cache is down."""


def is_database_error(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_ERRORS)


def is_cache_error(exception: BaseException | None) -> bool:
    return isinstance(exception, (CacheUnavailable, *CACHE_ERRORS))


def service_unavailable(request, *, message: str = DATABASE_MESSAGE) -> HttpResponse:
    """A 503 that needs neither the database nor the cache to render."""
    if request.path.startswith("/api/"):
        response = json_error(message, code="service_unavailable", status=503)
    else:
        # No request context: context processors would query the database.
        response = HttpResponse(
            render_to_string("503.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    """Turns a database or cache outage met by a view into a 503 (logged)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_error(exception) and replica_retry_pending():
            # The replica's failure is logged once; the request runs again on the
            # primary and this answer is dropped.
            return service_unavailable(request)
        if is_database_error(exception):
            logger.error("Database unavailable on %s", request.path, exc_info=True)
            return service_unavailable(request)
        if is_cache_error(exception):
            logger.error("Cache unavailable on %s", request.path, exc_info=True)
            return service_unavailable(request, message=CACHE_MESSAGE)
        return None
