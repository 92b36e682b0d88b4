"""Single sign-on with the company's identity providers (OpenID Connect and SAML,
through allauth's providers): what a provider's claims say about a member, and the
writes they cause at each sign-in.

The claims are read from allauth's ``SocialAccount.extra_data``, which allauth
refreshes at every sign-in: for OpenID Connect ``{"userinfo": {...}, "id_token":
{...}}``, for SAML the assertion's attributes, ``{name: [values]}``.
"""

from __future__ import annotations

import logging

import requests
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import services as account_services
from accounts.models import Role, User

logger = logging.getLogger(__name__)

# A message, not a password.
PASSWORD_SIGN_IN_OFF = _(  # noqa: S105  # nosec B105
    "Password sign-in is switched off on this site (site administrators excepted): "
    "sign in with your company account (the buttons on this page)."
)
# What a member reads when a sign-in fails; the details go to the log only.
PROBLEMS = {
    "cancelled": _(
        "You declined to share your account with us, so you are not "
        "signed in. Nothing was changed."
    ),
    "state": _(
        "This sign-in link is no longer valid (it expired, was used already or "
        "was changed on the way). Please start again from the sign-in page."
    ),
    "provider": _(
        "We could not reach the company sign-in service, or it refused to "
        "confirm who you are. Please try again in a few minutes."
    ),
    "missing_email": _(
        "The company sign-in did not tell us your e-mail address, which "
        "we need for your community account. Nothing was created; please contact "
        "support."
    ),
    "unknown": _(
        "Signing in with your company account did not work. Nothing was "
        "changed; please try again from the sign-in page."
    ),
}
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t"})
# The only roles a claim may ever grant, and only with SSO_STAFF_ROLE_CLAIM set:
# administrators and superusers are made on the site, never by a claim.
CLAIMABLE_ROLES = (Role.MODERATOR, Role.MANAGER, Role.AGENT)


def is_company_provider(provider_id: str) -> bool:
    return any(p["id"] == provider_id for p in settings.SSO_PROVIDERS)


def provider_name(provider_id: str) -> str:
    for provider in settings.SSO_PROVIDERS:
        if provider["id"] == provider_id:
            return provider["name"]
    return provider_id


def claimed_email(sociallogin: SocialLogin) -> str:
    """The e-mail address the provider gave, or ""."""
    addresses = [a.email for a in sociallogin.email_addresses if a.email]
    return addresses[0] if addresses else (sociallogin.user.email or "")


def claims_of(account: SocialAccount) -> dict[str, list[str]]:
    """Every claim or attribute as a list of strings (SAML attributes are lists;
    OpenID Connect's userinfo wins over the ID token for a claim both carry)."""
    data = account.extra_data or {}
    if isinstance(data.get("userinfo"), dict) or isinstance(data.get("id_token"), dict):
        data = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return {str(name): _strings(value) for name, value in data.items()}


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [item for element in value for item in _strings(element)]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [str(value)]


def says_verified_customer(claims: dict[str, list[str]]) -> bool:
    """Whether the configured claim (``SSO_VERIFIED_CUSTOMER_CLAIM``) holds one of the
    accepted values (``SSO_VERIFIED_CUSTOMER_VALUES``; without any, a true boolean)."""
    name = settings.SSO_VERIFIED_CUSTOMER_CLAIM
    if not name:
        return False
    accepted = {v.strip().lower() for v in settings.SSO_VERIFIED_CUSTOMER_VALUES}
    accepted = (accepted - {""}) or TRUE_WORDS
    return any(v.strip().lower() in accepted for v in claims.get(name, []))


def claimed_role(claims: dict[str, list[str]]) -> str | None:
    """The role the opt-in ``SSO_STAFF_ROLE_CLAIM`` names (moderator or manager),
    the higher if it names both; None when it is not configured or names neither."""
    name = settings.SSO_STAFF_ROLE_CLAIM
    if not name:
        return None
    values = {v.strip().lower() for v in claims.get(name, [])}
    named = [role for role in CLAIMABLE_ROLES if role.value in values]
    return named[-1] if named else None


@transaction.atomic
def record_sso_sign_in(user: User, *, account: SocialAccount) -> User:
    """Mark or clear the member's verified-customer status from the claims of a
    sign-in (or a connection) through a company provider, and apply the opt-in
    role claim. Writes only a change: the mark shows beside every post, so a
    change retires cached pages (``forum.signals.SHOWN_MEMBER_FIELDS``)."""
    if not is_company_provider(account.provider):
        return user
    claims = claims_of(account)
    locked = User.objects.select_for_update().get(pk=user.pk)
    changed = []
    if says_verified_customer(claims):
        if locked.verified_customer_provider != account.provider or not (
            locked.is_verified_customer
        ):
            locked.verified_customer_at = timezone.now()
            locked.verified_customer_provider = account.provider
            changed += ["verified_customer_at", "verified_customer_provider"]
    elif locked.is_verified_customer:
        locked.verified_customer_at = None
        locked.verified_customer_provider = ""
        changed += ["verified_customer_at", "verified_customer_provider"]
    if changed:
        locked.save(update_fields=changed)
    if settings.SSO_STAFF_ROLE_CLAIM and not locked.is_superuser:
        # With the opt-in, the provider decides moderators and managers; it never
        # touches administrators.
        target = claimed_role(claims) or Role.CUSTOMER
        if locked.role != Role.ADMINISTRATOR and locked.role != target:
            account_services.assign_role_from_claim(
                locked, role=target, provider_name=provider_name(account.provider)
            )
    for field in ("verified_customer_at", "verified_customer_provider", "role"):
        setattr(user, field, getattr(locked, field))
    return user


def classify_failure(error: str | None, exception: BaseException | None) -> str:
    """Which of ``PROBLEMS`` a failed sign-in was."""
    if error == AuthError.CANCELLED:
        return "cancelled"
    if isinstance(exception, PermissionDenied):
        return "state"  # allauth refuses an unknown, expired or reused state so
    if isinstance(exception, requests.RequestException | OAuth2Error):
        return "provider"
    if error == AuthError.DENIED:
        return "provider"
    return "unknown"


def problem_message(problem: str) -> str:
    return str(PROBLEMS.get(problem, PROBLEMS["unknown"]))


def log_failure(provider, error, exception) -> None:
    logger.warning(
        "single sign-on failed",
        extra={
            "provider": getattr(provider, "id", str(provider)),
            "error": str(error),
            "exception": type(exception).__name__ if exception else "",
            "detail": str(exception)[:300] if exception else "",
        },
    )
