"""Requests from the company's own systems (the helpdesk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


def is_helpdesk_request(request) -> bool:
    """Whether the request carries the helpdesk integration's token
    (``Authorization: Token <HELPDESK_API_TOKEN>``); an unset token disables it."""
    import hmac

    from forum.deflection import conf

    expected = conf.helpdesk_api_token()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(expected)
        and scheme == "Token"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )
