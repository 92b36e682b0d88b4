"""The rank ladder: add, rename or re-point, and remove a rung; each audited.

``rank_for`` gives the lowest rung's name to everyone below the next one, whatever
its threshold, so a lowest rung above 0 points would read "from 50 points" on the
page while newcomers with 3 points carry it too. The ladder therefore always starts
at 0: the lowest rung keeps 0 points and stays (it can be renamed), and every change
is checked against the whole ladder it would leave.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forum import caching, permissions
from forum.moderation.audit import record
from forum.moderation.models import AuditAction
from forum.reputation import forget_ladder
from forum.reputation.models import Rank

LOWEST_POINTS = 0
# The column's range on every engine (a PositiveIntegerField).
MOST_POINTS = 2_147_483_647
NAME_LENGTH = Rank._meta.get_field("name").max_length


def _check(by) -> None:
    if not permissions.can_edit_rank_ladder(by):
        raise PermissionDenied


def rank_state(rank: Rank) -> dict:
    """What an audit entry records of a rung (the admin records the same)."""
    return {"name": rank.name, "min_points": rank.min_points}


def _clean_input(name: str, min_points: int) -> tuple[str, int]:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("A rank needs a name.")]
    elif len(name) > NAME_LENGTH:
        errors["name"] = [
            _("A rank's name has at most %(limit)s characters.")
            % {"limit": NAME_LENGTH}
        ]
    if min_points is None or min_points < 0:
        errors["min_points"] = [_("Points start at 0.")]
    elif min_points > MOST_POINTS:
        errors["min_points"] = [
            _("At most %(points)s points.") % {"points": MOST_POINTS}
        ]
    if errors:
        raise ValidationError(errors)
    return name, min_points


def _locked_ladder() -> list[Rank]:
    """Every rung locked, then the ladder read afresh, lowest first: two managers
    editing at once are checked against each other's result. The second read is
    needed because a rung another change added is missing from the snapshot of the
    statement that waited for its lock."""
    list(Rank.objects.select_for_update().order_by("pk").values_list("pk"))
    return list(Rank.objects.order_by("min_points", "pk"))


def _save(rank: Rank, **kwargs) -> None:
    # Only an empty ladder has no row to wait on: the unique columns then decide.
    try:
        with transaction.atomic():
            rank.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError(
            _("The ladder changed meanwhile: look at it again and retry.")
        ) from error


def check_ladder(ladder: list[Rank], *, changed: Rank) -> None:
    """The ladder as it would stand after ``changed`` is saved: names and points
    each unique, and the lowest rung at 0 points. Raises ValidationError per field
    (the admin's form asks it too)."""
    others = [rank for rank in ladder if rank.pk != changed.pk]
    errors = {}
    if any(rank.name.casefold() == changed.name.casefold() for rank in others):
        errors["name"] = [
            _("Another rank is already called “%(name)s”.") % {"name": changed.name}
        ]
    taken = next((r for r in others if r.min_points == changed.min_points), None)
    if taken is not None:
        errors["min_points"] = [
            _("“%(name)s” already starts at %(min_points)s points.")
            % {"name": taken.name, "min_points": taken.min_points}
        ]
    elif min(rank.min_points for rank in [*others, changed]) != LOWEST_POINTS:
        errors["min_points"] = [
            _(
                "The lowest rank starts at 0 points: every member holds it from "
                "their first day."
            )
        ]
    if errors:
        raise ValidationError(errors)


def _renew_ladder() -> None:
    """The cached ladder and every cached page showing a rank go now and again after
    the commit: a page rendered from the old rows in between would otherwise be
    stored under the new generation."""
    forget_ladder()
    transaction.on_commit(forget_ladder)
    caching.forget_site()


def add_rank(*, by, name: str, min_points: int) -> Rank:
    """A new rung at ``min_points``; raises PermissionDenied, or ValidationError
    per field (empty or taken name, negative or taken points)."""
    _check(by)
    name, min_points = _clean_input(name, min_points)
    with transaction.atomic():
        rank = Rank(name=name, min_points=min_points)
        check_ladder(_locked_ladder(), changed=rank)
        _save(rank)
        record(AuditAction.ADD_RANK, actor=by, target=rank, after=rank_state(rank))
        _renew_ladder()
    return rank


def update_rank(rank: Rank, *, by, name: str, min_points: int) -> Rank:
    """Rename a rung or change the points it starts at (the lowest keeps 0);
    raises PermissionDenied, or ValidationError per field."""
    _check(by)
    name, min_points = _clean_input(name, min_points)
    with transaction.atomic():
        ladder = _locked_ladder()
        rank = next((r for r in ladder if r.pk == rank.pk), None)
        if rank is None:
            raise Rank.DoesNotExist
        before = rank_state(rank)
        rank.name, rank.min_points = name, min_points
        check_ladder(ladder, changed=rank)
        after = rank_state(rank)
        changed = [field for field in before if before[field] != after[field]]
        if not changed:
            return rank
        _save(rank, update_fields=["name", "min_points"])
        record(
            AuditAction.CHANGE_RANK,
            actor=by,
            target=rank,
            before={field: before[field] for field in changed},
            after={field: after[field] for field in changed},
        )
        _renew_ladder()
    return rank


def remove_rank(rank: Rank, *, by) -> None:
    """Take a rung off the ladder; its members carry the rung below. Raises
    PermissionDenied, or ValidationError for the last or the lowest rung."""
    _check(by)
    with transaction.atomic():
        ladder = _locked_ladder()
        rank = next((r for r in ladder if r.pk == rank.pk), None)
        if rank is None:
            raise Rank.DoesNotExist
        if len(ladder) == 1:
            raise ValidationError(_("A ladder keeps at least one rank."))
        if rank.pk == ladder[0].pk:
            raise ValidationError(
                _(
                    "“%(name)s” is the lowest rank, which every member starts with: "
                    "rename it instead."
                )
                % {"name": rank.name}
            )
        record(AuditAction.REMOVE_RANK, actor=by, target=rank, before=rank_state(rank))
        rank.delete()
        _renew_ladder()
