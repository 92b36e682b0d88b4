"""The only place allauth is customised (besides template overrides)."""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_username
from allauth.account.utils import filter_users_by_email
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import force_str

from accounts import sso, sso_linking
from accounts.models import User
from forum.console import conf as console_conf

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
            name=console_conf.site_name(), domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        # The site's name as the settings area keeps it, not as it was at start-up.
        return f"[{console_conf.site_name()}] {force_str(subject)}"

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

    # --- single sign-on only (SSO_ONLY) ---------------------------------------
    # Local sign-up and password sign-in refuse with a message; the addresses stay,
    # so an old bookmark explains itself instead of answering 404. Superusers
    # keep their password, to reach the admin when the provider is down (see
    # docs/decisions.md); everyone else hears the same refusal whether their
    # password was right or not, so the answer does not tell who is a superuser.

    def is_open_for_signup(self, request) -> bool:
        return not settings.SSO_ONLY and super().is_open_for_signup(request)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if settings.SSO_ONLY and not (user is not None and user.is_superuser):
            raise ValidationError(sso.PASSWORD_SIGN_IN_OFF, code="sso_only")
        return user

    def reauthenticate(self, user, password: str) -> bool:
        if settings.SSO_ONLY and not user.is_superuser:
            return False
        return super().reauthenticate(user, password)


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # In SSO-only mode the company's providers are the way in, and the only one.
        if sso.is_company_provider(sociallogin.account.provider):
            return True
        return not settings.SSO_ONLY and super().is_open_for_signup(
            request, sociallogin
        )

    def pre_social_login(self, request, sociallogin) -> None:
        """A company sign-in needs an e-mail address, and never takes over an
        existing member's account by its address: the member proves the account
        is theirs first (its password, or a link mailed to it; see
        accounts.sso_linking). Either way nothing is created."""
        super().pre_social_login(request, sociallogin)
        if not sso.is_company_provider(sociallogin.account.provider):
            return
        email = sso.claimed_email(sociallogin)
        if not email:
            raise ImmediateHttpResponse(
                _error_page(request, sso.problem_message("missing_email"))
            )
        connecting = sociallogin.state.get("process") == AuthProcess.CONNECT
        if sociallogin.is_existing or connecting:
            return
        if filter_users_by_email(email):
            sso_linking.keep_pending(request, sociallogin)
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/email_in_use.html",
                    {
                        "provider_name": sso.provider_name(
                            sociallogin.account.provider
                        ),
                        "sso_only": settings.SSO_ONLY,
                    },
                    status=409,
                )
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        # Says which kind of failure it was, for the page (never the details,
        # which go to the log). allauth names the state it could not find
        # (unknown, expired, tampered, used already) in "state_id".
        unknown_state = "state_id" in extra_context and "state" not in extra_context
        extra_context["sso_message"] = sso.problem_message(
            "state" if unknown_state else sso.classify_failure(error, exception)
        )
        sso.log_failure(provider, error, exception)


def _error_page(request, message: str):
    return render(
        request,
        "socialaccount/authentication_error.html",
        {"sso_message": message},
        status=400,
    )
