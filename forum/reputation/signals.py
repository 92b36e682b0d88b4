"""Forget the cached rank ladder whenever a rung changes (admin edits included)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from forum.reputation import forget_ladder
from forum.reputation.models import Rank


@receiver(post_save, sender=Rank)
@receiver(post_delete, sender=Rank)
def _rank_changed(sender, **kwargs):
    forget_ladder()
