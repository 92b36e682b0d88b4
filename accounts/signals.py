"""What a single sign-on changes, after allauth has signed the member in or
connected the provider's account (never before: a refused sign-in changes
nothing)."""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.dispatch import receiver

from accounts import sso


@receiver(user_logged_in)
def _signed_in(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None and sociallogin.account.pk:
        sso.record_sso_sign_in(user, account=sociallogin.account)


@receiver(social_account_added)
@receiver(social_account_updated)
def _connected(sender, request, sociallogin, **kwargs):
    if request.user.is_authenticated and sociallogin.account.user_id == request.user.pk:
        sso.record_sso_sign_in(request.user, account=sociallogin.account)
