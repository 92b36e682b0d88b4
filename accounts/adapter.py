"""The only place allauth is customised (besides template overrides)."""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_username
from allauth.core import context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from accounts.models import User

# Set on the request by the sign-up form when the username was taken: the address's
# owner is told so by e-mail, and the page answers as for any sign-up.
USERNAME_TAKEN = "_signup_username_taken"


def site_url(path: str) -> str:
    """An absolute address on the configured public site, never on the request's
    Host header, so a forged Host cannot poison links sent by e-mail."""
    return f"{settings.SITE_URL}{path}"


class AccountAdapter(DefaultAccountAdapter):
    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        )
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context["current_site"] = SimpleNamespace(
            name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, context)

    def send_account_already_exists_mail(self, email: str) -> None:
        """Sign-up with a taken username ends like one with a taken address; the
        mail to the address then says which of the two it was."""
        request = context.request
        username = getattr(request, USERNAME_TAKEN, None)
        if username is None:
            return super().send_account_already_exists_mail(email)
        from allauth.account.internal import flows

        signup_url = flows.signup.get_signup_url(request)
        self.send_mail(
            "account/email/username_taken",
            email,
            {"username": username, "email": email, "signup_url": signup_url},
        )
        return None

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins count per account, whichever of its username or
        addresses was typed (allauth counts per typed text, so a username and its
        e-mail address were two locks of five); unknown logins count per text."""
        login = credentials.get("email", credentials.get("username", "")) or ""
        user = _account_for_login(login)
        if user is None:
            return super()._get_login_attempts_cache_key(request, **credentials)
        return f"{get_current_site(request).domain}:account:{user.pk}"


def _account_for_login(login: str) -> User | None:
    """The one account a sign-in names (a username, or an address on the account
    or among its EmailAddress rows), else None."""
    login = login.strip()
    if not login:
        return None
    if "@" in login:
        users = User.objects.filter(email__iexact=login) | User.objects.filter(
            emailaddress__email__iexact=login
        )
    else:
        users = filter_users_by_username(login)
    ids = list(users.values_list("pk", flat=True).distinct()[:2])
    return User(pk=ids[0]) if len(ids) == 1 else None
