"""Deleting what DESIGN.md says must not be kept."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db.models import Model, QuerySet
from django.utils import timezone

from forum.deflection import conf
from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Delivery,
    DeliveryStatus,
    Journey,
    JourneyEvent,
)
from forum.search import learning
from forum.search.models import ClickOutcome

logger = logging.getLogger(__name__)


def purge_deflection_events(
    *, now: datetime | None = None, batch_size: int = 5000
) -> dict[str, int]:
    """Delete raw events, journeys and delivered payloads past DEFLECTION_RETENTION_DAYS
    and daily aggregates past 25 months, in batches; safe to run again at any time."""
    now = now or timezone.now()
    cutoff = now - conf.retention()
    aggregate_cutoff = timezone.localdate(now - conf.aggregate_retention())
    deleted = {
        "events": _delete_in_batches(
            JourneyEvent.objects.filter(created_at__lt=cutoff), batch_size
        ),
        "journeys": _delete_in_batches(
            Journey.objects.filter(last_event_at__lt=cutoff), batch_size
        ),
        # Delivered payloads hold the ticket's text and e-mail address again.
        "deliveries": _delete_in_batches(
            Delivery.objects.filter(
                status=DeliveryStatus.DELIVERED, delivered_at__lt=cutoff
            ),
            batch_size,
        ),
    }
    # Search's per-journey click outcomes go with the journeys; the boosts they fed
    # are computed again from what is left.
    old_outcomes = ClickOutcome.objects.filter(day__lt=timezone.localdate(cutoff))
    faded = set(old_outcomes.values_list("query_key", flat=True).distinct())
    deleted["click_outcomes"] = _delete_in_batches(old_outcomes, batch_size)
    if faded:
        learning.refresh_boosts(faded, now=now)
    for model in (
        DailyBoardStats,
        DailyQueryStats,
        DailyThreadStats,
        DailyArticleStats,
    ):
        deleted[model._meta.model_name] = _delete_in_batches(
            model.objects.filter(day__lt=aggregate_cutoff), batch_size
        )
    logger.info("Deflection purge: %s", deleted)
    return deleted


def _delete_in_batches(queryset: QuerySet[Model], batch_size: int) -> int:
    """Delete by primary-key batches so no statement locks or holds too many rows."""
    total = 0
    model = queryset.model
    while True:
        batch = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not batch:
            return total
        # Journeys go through the ORM so their tickets' links are set to NULL.
        model.objects.filter(pk__in=batch).delete()
        total += len(batch)
