"""Where the request path keeps a visitor's journey state: a signed cookie.

Nothing is written to the database to remember a journey (no session row for an
anonymous searcher), so logging stays at one INSERT per event. The cookie holds an
opaque visitor id (stored in events only as a keyed hash), the journey id, the time
of its last event, the last query and the threads opened, viewed or answered. API
clients without cookies carry the same signed state as an opaque journey token.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing

COOKIE_NAME = "cs_journey"
SALT = "forum.deflection.journey"
# The visitor id outlives single journeys, for the self-service score's "visitors".
COOKIE_MAX_AGE = 30 * 24 * 3600
_STATE = "_deflection_state"
_CHANGED = "_deflection_state_changed"


class InvalidJourneyToken(ValueError):
    """A journey token that was not issued by this site (forged or corrupted)."""


def _decode(value: str) -> dict | None:
    try:
        state = signing.loads(value, salt=SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    return state if isinstance(state, dict) and "visitor" in state else None


def load(request) -> dict:
    """The visitor's stored state (``{}`` for a new visitor); read once per request."""
    if not hasattr(request, _STATE):
        raw = getattr(request, "COOKIES", {}).get(COOKIE_NAME, "")
        setattr(request, _STATE, (_decode(raw) if raw else None) or {})
    return getattr(request, _STATE)


def save(request, state: dict) -> None:
    """Keep the new state; the middleware sends it back as the cookie."""
    setattr(request, _STATE, state)
    setattr(request, _CHANGED, True)


def visitor_id(request) -> str:
    """The visitor's opaque id, made on first need."""
    state = load(request)
    if "visitor" not in state:
        state = {**state, "visitor": secrets.token_urlsafe(16)}
        setattr(request, _STATE, state)
    return state["visitor"]


def use_token(request, token: str) -> None:
    """Take the state from a journey token (API and widgets); raises
    InvalidJourneyToken for anything this site did not sign."""
    state = _decode(token)
    if state is None:
        raise InvalidJourneyToken("Unknown or forged journey token.")
    setattr(request, _STATE, state)


def journey_id_from_token(value: str) -> str:
    """The journey id a token names (the helpdesk may send the token back instead
    of the id); raises InvalidJourneyToken for a forged one or one with no journey."""
    state = _decode(value) if isinstance(value, str) else None
    journey_id = state.get("id") if state else None
    if not isinstance(journey_id, str) or not journey_id:
        raise InvalidJourneyToken("Unknown or forged journey token.")
    return journey_id


def token(request) -> str:
    """The current state as a signed, opaque token."""
    visitor_id(request)
    return signing.dumps(load(request), salt=SALT, compress=True)


def changed(request) -> bool:
    return getattr(request, _CHANGED, False)


class JourneyCookieMiddleware:
    """Sends the journey cookie back when the request recorded something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if changed(request):
            response.set_cookie(
                COOKIE_NAME,
                token(request),
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
