"""The module's settings, read when used (never at import), with their defaults.

Tests and operators can change them at run time; every default is the one DESIGN.md
names.
"""

from datetime import timedelta

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def idle_timeout() -> timedelta:
    """A journey ends after this long without an event."""
    return timedelta(minutes=_get("DEFLECTION_IDLE_MINUTES", 30))


def ticket_window() -> timedelta:
    """A helpdesk ticket counts for a journey within this long of its last search."""
    return timedelta(hours=_get("DEFLECTION_TICKET_WINDOW_HOURS", 24))


def retention() -> timedelta:
    """Raw events and journeys are deleted after this long."""
    return timedelta(days=_get("DEFLECTION_RETENTION_DAYS", 90))


def aggregate_retention() -> timedelta:
    """Daily aggregates are kept 25 months (DESIGN.md), counted as 25 x 31 days."""
    return timedelta(days=25 * 31)


def min_journeys_per_query() -> int:
    """A query's text is shown only when at least this many journeys used it."""
    return max(1, int(_get("DEFLECTION_MIN_JOURNEYS_PER_QUERY", 3)))


def first_response_target() -> timedelta:
    """The community-health response target (the settings area's, else the
    environment's)."""
    from forum.console import conf as console_conf

    return timedelta(minutes=console_conf.first_response_target_minutes())


def helpdesk_webhook_url() -> str:
    return _get("HELPDESK_WEBHOOK_URL", "") or ""


def helpdesk_webhook_secret() -> str:
    return _get("HELPDESK_WEBHOOK_SECRET", "") or ""


def helpdesk_api_token() -> str:
    return _get("HELPDESK_API_TOKEN", "") or ""


def helpdesk_email() -> str:
    return _get("HELPDESK_EMAIL", "") or ""


def jobs_interval() -> timedelta:
    """How often the periodic job rebuilds the aggregates and retries deliveries."""
    return timedelta(minutes=_get("DEFLECTION_JOBS_INTERVAL_MINUTES", 10))
