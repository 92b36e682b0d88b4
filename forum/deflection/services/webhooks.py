"""Signed outgoing webhooks: the signature scheme and one HTTP attempt.

Receivers verify ``X-Crowd-Signature: sha256=<hex>``, an HMAC-SHA256 of the raw
request body with the shared secret. The body carries ``sent_at`` (also sent as
``X-Crowd-Timestamp``) so a receiver can refuse replays of old messages, and
``X-Crowd-Delivery`` is stable across retries so it can ignore duplicates.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10
USER_AGENT = "CrowdSupport-Webhook/1"


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer we do not follow: the receiver must be configured
    with its final address (and a POST turned into a GET would lose the body)."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_RefuseRedirects)


@dataclass
class AttemptResult:
    ok: bool
    status_code: int | None = None
    error: str = ""


def sign(body: bytes, secret: str) -> str:
    """The signature header value for this body: ``sha256=<hex digest>``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(body: bytes, secret: str, header: str) -> bool:
    """Whether the header is this body's signature (constant-time comparison)."""
    return hmac.compare_digest(sign(body, secret), header or "")


def encode_body(payload: dict) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def post_webhook(
    url: str, *, body: bytes, secret: str, timestamp: str, delivery_id: str
) -> AttemptResult:
    """POST the body once; any 2xx is success, anything else (or no answer) is not."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return AttemptResult(ok=False, error="The webhook URL must be http or https.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Crowd-Signature": sign(body, secret),
            "X-Crowd-Timestamp": timestamp,
            "X-Crowd-Delivery": delivery_id,
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
            return AttemptResult(ok=200 <= status < 300, status_code=status)
    except urllib.error.HTTPError as error:
        return AttemptResult(
            ok=False, status_code=error.code, error=f"HTTP {error.code} {error.reason}"
        )
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return AttemptResult(ok=False, error=str(reason)[:500] or type(error).__name__)
