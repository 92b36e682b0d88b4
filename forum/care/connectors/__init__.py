"""Connectors: the ways messages come in. The product ships the generic signed
webhook (``webhook``) and Mailgun's inbound e-mail route (``mailgun``); a
network-specific connector is a small subclass of ``BaseConnector`` registered
with ``@register`` (docs/care.md shows one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forum.care.connectors.base import (
    BadPayload,
    BaseConnector,
    IncomingMessage,
    Unauthorized,
)

if TYPE_CHECKING:
    from forum.care.models import Connector

REGISTRY: dict[str, type[BaseConnector]] = {}


def register(cls: type[BaseConnector]) -> type[BaseConnector]:
    """Make ``cls`` the implementation of connectors whose kind is ``cls.kind``."""
    REGISTRY[cls.kind] = cls
    return cls


def implementation(connector: Connector) -> BaseConnector | None:
    """The class that speaks this connector's kind, bound to it; None if unknown."""
    cls = REGISTRY.get(connector.kind)
    return cls(connector) if cls else None


# The built-in kinds register themselves on import.
from forum.care.connectors import mailgun, webhook  # noqa: E402, F401

__all__ = [
    "REGISTRY",
    "BadPayload",
    "BaseConnector",
    "IncomingMessage",
    "Unauthorized",
    "implementation",
    "register",
]
