"""Signals the care desk listens to."""

from allauth.socialaccount.models import SocialAccount
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=SocialAccount)
def _social_account_saved(sender, instance, created, **kwargs):
    # A member who connects X or Facebook after writing to the care desk is
    # linked to the customer they were, whichever way the account was added.
    if created:
        from forum.care.services.intake import link_contacts_to_account

        link_contacts_to_account(instance)
