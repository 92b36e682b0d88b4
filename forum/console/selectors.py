"""What the settings area's pages and the home page read."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from forum.console import conf
from forum.console.services import MODERATION_FIELDS
from forum.deflection.models import DeflectionSettings
from forum.models import Board


def boards_in_order() -> QuerySet[Board]:
    """Every board, archived ones too, in the list's order, with its category."""
    return Board.objects.select_related("category").order_by("position", "name")


def featured_boards() -> list[Board]:
    """The home page's featured boards that are still listed; no query when none
    are featured."""
    ids = conf.snapshot().featured_board_ids
    if not ids:
        return []
    return list(Board.objects.active().filter(pk__in=ids).order_by("position", "name"))


def site_settings_initial() -> dict:
    """The site settings form's values as they stand (empty: the environment's)."""
    current = conf.snapshot()
    # Read, never created, on a GET: the defaults stand until someone saves.
    cost = DeflectionSettings.objects.filter(pk=1).first() or DeflectionSettings()
    return {
        "site_name": conf.site_name(),
        "brand_colour": current.brand_colour,
        "link_colour": current.link_colour,
        "home_message": current.home_message,
        "featured_boards": list(current.featured_board_ids),
        "first_response_target_minutes": current.first_response_target_minutes,
        "cost_per_contact": cost.cost_per_contact,
        "currency": cost.currency,
    }


def moderation_initial() -> dict:
    current = conf.snapshot()
    return {name: getattr(current, name) for name in MODERATION_FIELDS}


def moderation_defaults() -> dict:
    """The environment's value of each threshold, shown beside its field."""
    return {name: getattr(settings, name.upper()) for name in MODERATION_FIELDS}
