"""Connecting a company sign-in to an existing account by confirming the account's
e-mail address (the other way is signing in with its password, then connecting).

The pending sign-in waits in the browser's session; the link mailed to the
account's address names the account and the provider's identity, signed and valid
for 30 minutes, and works only in the session that asked for it."""

from __future__ import annotations

from allauth.account.utils import filter_users_by_email
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.conf import settings
from django.contrib.auth import login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import sso
from accounts.languages import in_language_of
from accounts.models import User
from forum.console import conf as console_conf

PENDING_KEY = "sso_pending_link"
LINK_MAX_AGE = 30 * 60
SALT = "accounts.sso_linking"
EXPIRED = _(
    "This link has expired or was opened in another browser. Sign in with your "
    "company account again to get a new one."
)


def keep_pending(request, sociallogin: SocialLogin) -> None:
    """Remember the refused sign-in, so a confirmed address can connect it."""
    request.session[PENDING_KEY] = sociallogin.serialize()


def send_link(request) -> bool:
    """Mail the link to the owner of the pending sign-in's address; False when
    nothing is pending."""
    pending = _pending(request)
    if pending is None:
        return False
    email = sso.claimed_email(pending)
    owner = next(iter(filter_users_by_email(email)), None)
    if owner is None:
        return False
    token = signing.dumps(
        {"user": owner.pk, "provider": pending.account.provider,
         "uid": pending.account.uid},
        salt=SALT,
    )  # fmt: skip
    url = f"{settings.SITE_URL}{reverse('accounts:sso_link', args=[token])}"
    context = {"url": url, "provider": sso.provider_name(pending.account.provider)}
    with in_language_of(owner):
        send_mail(
            f"[{console_conf.site_name()}] {gettext('Connect your company sign-in')}",
            render_to_string("accounts/email/sso_link.txt", context),
            None,
            [email],
        )
    return True


def linked_account(request, token: str) -> tuple[User, SocialLogin]:
    """The account and pending sign-in a link names; raises PermissionDenied when
    the link is forged, expired, or not for this browser's pending sign-in."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        raise PermissionDenied(EXPIRED) from None
    pending = _pending(request)
    if pending is None or (pending.account.provider, pending.account.uid) != (
        data["provider"],
        data["uid"],
    ):
        raise PermissionDenied(EXPIRED)
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        raise PermissionDenied(EXPIRED)
    return user, pending


@transaction.atomic
def connect_and_sign_in(request, token: str) -> User:
    """Connect the pending company sign-in to the account the link names, and sign
    the member in; raises PermissionDenied as ``linked_account`` does, or when that
    identity is connected to an account already."""
    user, pending = linked_account(request, token)
    if SocialAccount.objects.filter(
        provider=pending.account.provider, uid=pending.account.uid
    ).exists():
        raise PermissionDenied(EXPIRED)
    pending.connect(request, user)
    del request.session[PENDING_KEY]
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return sso.record_sso_sign_in(user, account=pending.account)


def _pending(request) -> SocialLogin | None:
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    try:
        return SocialLogin.deserialize(data)
    except (ValueError, KeyError, TypeError):
        return None
