"""Retention: deleting what the site no longer needs, on a schedule.

One entry point for the cron job (`manage.py purge_expired_data`, daily): expired
sessions, moderation audit entries past AUDIT_RETENTION_DAYS, and the deflection
module's raw events, journeys, delivered payloads and old aggregates, and the care
desk's cases resolved more than CARE_RETENTION_DAYS ago (redacted, figures kept).
Every step is batched and idempotent, so a run that is interrupted is simply run
again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from forum.care.services.privacy import redact_expired_cases
from forum.deflection.services.retention import (
    _delete_in_batches,
    purge_deflection_events,
)
from forum.moderation.models import AuditEntry

logger = logging.getLogger(__name__)


def audit_retention() -> timedelta:
    return timedelta(days=getattr(settings, "AUDIT_RETENTION_DAYS", 730))


def purge_expired_data(
    *, now: datetime | None = None, batch_size: int = 5000
) -> dict[str, int]:
    """Delete expired sessions, old audit entries and expired deflection data in
    batches; returns how many rows of each kind went. Safe to run at any time."""
    now = now or timezone.now()
    deleted = {
        # The same rows `clearsessions` removes, in batches rather than one DELETE.
        "sessions": _delete_in_batches(
            Session.objects.filter(expire_date__lt=now), batch_size
        ),
        "audit_entries": _delete_in_batches(
            AuditEntry.objects.filter(created_at__lt=now - audit_retention()),
            batch_size,
        ),
    }
    deleted.update(purge_deflection_events(now=now, batch_size=batch_size))
    deleted.update(redact_expired_cases(now=now))
    logger.info("Retention purge: %s", deleted)
    return deleted
