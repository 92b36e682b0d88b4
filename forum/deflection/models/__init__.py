"""The deflection module's tables: raw journeys and events (kept
``DEFLECTION_RETENTION_DAYS``), tickets and their deliveries, the managers' settings,
and the daily aggregates the report reads (kept 25 months)."""

from forum.deflection.models.journeys import (
    EventKind,
    EventSource,
    Journey,
    JourneyEvent,
)
from forum.deflection.models.stats import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    StatsBuildState,
)
from forum.deflection.models.tickets import (
    DeflectionSettings,
    Delivery,
    DeliveryStatus,
    Ticket,
    TicketCategory,
    TicketSource,
)

__all__ = [
    "DailyBoardStats",
    "DailyQueryStats",
    "DailyThreadStats",
    "DeflectionSettings",
    "Delivery",
    "DeliveryStatus",
    "EventKind",
    "EventSource",
    "Journey",
    "JourneyEvent",
    "StatsBuildState",
    "Ticket",
    "TicketCategory",
    "TicketSource",
]
