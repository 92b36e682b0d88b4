"""Writes about reputation: awarding badges."""

from django.db import IntegrityError, transaction

from accounts.models import User
from forum.reputation.badges import CATALOGUE
from forum.reputation.models import BadgeAward


@transaction.atomic
def award_badges(user: User, **facts) -> list[BadgeAward]:
    """Award every badge whose rule the member now meets and return the new awards;
    calling it again awards nothing twice (one row per member and badge)."""
    if user is None or user.pk is None:
        return []
    member = User.objects.only(
        "id", "solution_count", "kudos_received", "reputation"
    ).get(pk=user.pk)
    earned = set(BadgeAward.objects.filter(user=member).values_list("badge", flat=True))
    awarded = []
    for badge in CATALOGUE:
        if badge.slug in earned or not badge.earned(member, facts):
            continue
        try:
            with transaction.atomic():
                awarded.append(BadgeAward.objects.create(user=member, badge=badge.slug))
        except IntegrityError:
            continue  # a parallel request awarded it first
    return awarded
