"""The deflection module's tables: raw journeys and events (kept
``DEFLECTION_RETENTION_DAYS``), tickets and their deliveries, the managers' settings,
the daily aggregates the report reads (kept 25 months), and the per-period
rollups ranked from them."""

from forum.deflection.models.journeys import (
    EventKind,
    EventSource,
    Journey,
    JourneyEvent,
)
from forum.deflection.models.rollups import (
    PeriodRollup,
    PeriodRollupArticle,
    PeriodRollupQuery,
    PeriodRollupThread,
)
from forum.deflection.models.stats import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    StatsBuildState,
)
from forum.deflection.models.tickets import (
    DeflectionSettings,
    Delivery,
    DeliveryStatus,
    IdentityKind,
    MemberIdentity,
    Ticket,
    TicketCategory,
    TicketJourney,
    TicketMatch,
    TicketSource,
)

__all__ = [
    "DailyArticleStats",
    "DailyBoardStats",
    "DailyQueryStats",
    "DailyThreadStats",
    "DeflectionSettings",
    "Delivery",
    "DeliveryStatus",
    "EventKind",
    "EventSource",
    "IdentityKind",
    "Journey",
    "JourneyEvent",
    "MemberIdentity",
    "PeriodRollup",
    "PeriodRollupArticle",
    "PeriodRollupQuery",
    "PeriodRollupThread",
    "StatsBuildState",
    "Ticket",
    "TicketCategory",
    "TicketJourney",
    "TicketMatch",
    "TicketSource",
]
