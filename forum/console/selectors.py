"""What the settings area's pages and the home page read."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from forum.console import conf
from forum.console.services import MODERATION_FIELDS
from forum.deflection.models import DeflectionSettings
from forum.models import Board
from forum.reputation import DEFAULT_LADDER
from forum.reputation.models import Rank


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
        "article_review_days": current.article_review_days,
        "cost_per_contact": cost.cost_per_contact,
        "currency": cost.currency,
    }


def moderation_initial() -> dict:
    current = conf.snapshot()
    return {name: getattr(current, name) for name in MODERATION_FIELDS}


def moderation_defaults() -> dict:
    """The environment's value of each threshold, shown beside its field."""
    return {name: getattr(settings, name.upper()) for name in MODERATION_FIELDS}


@dataclass(frozen=True)
class Rung:
    rank: Rank
    up_to: int | None  # the next rung's points, less one; None for the top
    members: int


def rank_ladder() -> list[Rung]:
    """The ladder lowest first, each rung with the points it spans and how many
    active members hold it now: two queries, however long the ladder."""
    ranks = list(Rank.objects.order_by("min_points"))
    if not ranks:
        return []
    bounds = [rank.min_points for rank in ranks[1:]] + [None]
    spans = list(enumerate(zip(ranks, bounds, strict=True)))
    members = get_user_model().objects.filter(is_active=True)
    counts = members.aggregate(
        **{
            f"rung_{index}": Count("pk", filter=_holds(index, rank, upper))
            for index, (rank, upper) in spans
        }
    )
    return [
        Rung(
            rank=rank,
            up_to=None if upper is None else upper - 1,
            members=counts[f"rung_{index}"],
        )
        for index, (rank, upper) in spans
    ]


def _holds(index: int, rank: Rank, upper: int | None) -> Q | None:
    # The lowest rung also holds whoever sits below its threshold (rank_for).
    condition = Q(reputation__gte=rank.min_points) if index else Q()
    if upper is not None:
        condition &= Q(reputation__lt=upper)
    return condition or None


def built_in_ladder() -> tuple[tuple[int, str], ...]:
    """The ladder members see while the table is empty (forum.reputation)."""
    return DEFAULT_LADDER
