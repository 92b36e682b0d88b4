"""Opens each request's read scope, and keeps read-your-writes.

- GET and HEAD may read from a replica; other methods read the primary.
- A visitor whose request wrote something they will read back is kept on the
  primary for ``REPLICA_PIN_SECONDS``: by a cookie for browsers, and by a cache
  entry for API clients that send an ``Authorization`` header (they may keep no
  cookies). A replica is usually milliseconds behind; the pin covers the rest.
- A GET whose replica fails mid-request (connection lost, replica stopped) is run
  again on the primary, once, provided it had written nothing before the failure:
  the visitor sees a page, not a 503.
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils.connection import ConnectionDoesNotExist

from community.faults import CACHE_ERRORS
from community.replicas import state

logger = logging.getLogger(__name__)

PIN_COOKIE = "primary_until"
REPLICA_METHODS = {"GET", "HEAD"}


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica_reads = request.method in REPLICA_METHODS and not _pinned(request)
        with state.request_scope(replica_reads=replica_reads) as scope:
            response = self.get_response(request)
        if scope.failed_replica and replica_reads and not scope.wrote_before_failure:
            logger.warning(
                "Replica %s failed during %s; serving it from the primary.",
                scope.failed_replica,
                request.path,
            )
            _close(scope.failed_replica)
            with state.request_scope(replica_reads=False) as scope:
                response = self.get_response(request)
        if scope.pins:
            _pin(request, response)
        return response


def _close(alias: str) -> None:
    """Drop the failed replica's connection, so the next check starts afresh."""
    with suppress(ConnectionDoesNotExist):
        connections[alias].close()


def _pinned(request) -> bool:
    until = request.COOKIES.get(PIN_COOKIE, "")
    if until.isdigit() and int(until) > time.time():
        return True
    key = _client_key(request)
    if not key:
        return False
    try:
        return bool(cache.get(key))
    except CACHE_ERRORS:
        return True  # unknown: the primary is always right


def _pin(request, response) -> None:
    seconds = settings.REPLICA_PIN_SECONDS
    response.set_cookie(
        PIN_COOKIE,
        str(int(time.time() + seconds)),
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    key = _client_key(request)
    if key:
        try:
            cache.set(key, True, seconds)
        except CACHE_ERRORS:
            logger.warning("Could not keep an API client on the primary", exc_info=True)


def _client_key(request) -> str | None:
    authorization = request.headers.get("Authorization")
    if not authorization:
        return None
    digest = hashlib.sha256(authorization.encode()).hexdigest()[:32]
    return f"replicas:pinned:{digest}"
