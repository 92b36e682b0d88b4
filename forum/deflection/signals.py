"""Keeps members' identity digests current with their e-mail addresses and SSO
accounts (see services.identities); connected in DeflectionConfig.ready."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models.signals import post_delete, post_save

from forum.deflection.services import identities


def _email_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        identities.sync_email_address(instance)


def _email_deleted(sender, instance, **kwargs):
    identities.forget_email_address(instance)


# allauth saves the account on every SSO sign-in (with the claims it carried in
# extra_data), and on connecting one: post_save sees both.
def _social_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        identities.sync_social_account(instance)


def _social_deleted(sender, instance, **kwargs):
    identities.forget_social_account(instance)


def connect() -> None:
    post_save.connect(_email_saved, sender=EmailAddress, dispatch_uid="identity_e")
    post_delete.connect(_email_deleted, sender=EmailAddress, dispatch_uid="identity_e")
    post_save.connect(_social_saved, sender=SocialAccount, dispatch_uid="identity_s")
    post_delete.connect(
        _social_deleted, sender=SocialAccount, dispatch_uid="identity_s"
    )
