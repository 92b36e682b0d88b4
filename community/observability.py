"""What operators see of a running site: a request id on every response and log line,
JSON logs in production, optional error reporting, and counts of what the
background writers had to drop.

A log line without the request it belongs to cannot be matched with the proxy's
line for the same request, nor with the customer's complaint that quotes the id
from the response header; so the id is taken from the proxy when it sends a sane
one and made here otherwise.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid
from collections import Counter
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.cache import cache

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from the proxy are echoed into headers and logs: only short plain tokens,
# so a client cannot forge log lines or bloat them.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
NO_REQUEST = "-"

_request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being served here, or "-" outside one."""
    return _request_id.get()


class RequestIdMiddleware:
    """Takes the proxy's ``X-Request-ID`` when it is a sane token, else makes one;
    every log line of the request carries it, and so does the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record, as ``request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class ClientErrorWithoutTraceback(logging.Filter):
    """Keeps a 4xx line on ``django.request`` but drops its traceback.

    Django logs a PermissionDenied, a SuspiciousOperation or a bad multipart body with
    the exception attached, so every ordinary 403 prints a traceback that reads like a
    crash. A refused request is the code working as meant: the one line (status, path,
    request id) is what an operator needs; 5xx records keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors that parse rather than grep."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_sentry(dsn: str, *, environment: str, release: str = "") -> None:
    """Report unhandled errors to Sentry (called from settings when SENTRY_DSN is
    set). Members' addresses, cookies and e-mail never leave the site."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.redis import RedisIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        # Its breadcrumbs name every cache key a request touched, session keys
        # among them.
        disabled_integrations=[RedisIntegration()],
        send_default_pii=False,
        # A frame's local variables hold whatever it was handling: session keys,
        # post bodies, members' e-mail addresses. The stack trace alone must do.
        include_local_variables=False,
        # Errors only: tracing would add work to every request.
        traces_sample_rate=0.0,
    )


# --- what the background writers drop -------------------------------------------

DROPPED_KEY = "observability:dropped:{kind}"
DROP_KINDS = ("journey_events", "thread_views")

_drops_lock = threading.Lock()
_dropped_here: Counter[str] = Counter()


def count_dropped(kind: str, number: int) -> None:
    """Count items a writer lost: in this process, and in the cache every process
    shares (best effort: the writers drop things when a backend is down)."""
    with _drops_lock:
        _dropped_here[kind] += number
    key = DROPPED_KEY.format(kind=kind)
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key, number)
    except Exception:  # the cache may be what is down; the log line still tells
        logger.debug("Could not count %s dropped %s in the cache", number, kind)


def dropped_counts() -> dict[str, int]:
    """Items dropped by the writers, over every process since the cache was last
    emptied (this process's own counts when the cache cannot be read)."""
    try:
        shared = cache.get_many([DROPPED_KEY.format(kind=kind) for kind in DROP_KINDS])
    except Exception:
        with _drops_lock:
            return {kind: _dropped_here[kind] for kind in DROP_KINDS}
    return {kind: shared.get(DROPPED_KEY.format(kind=kind), 0) for kind in DROP_KINDS}


def dropped_in_this_process() -> dict[str, int]:
    with _drops_lock:
        return {kind: _dropped_here[kind] for kind in DROP_KINDS}
