"""Members' identities as the helpdesk knows them, kept only as keyed hashes.

The helpdesk may name the customer instead of the journey: by e-mail address, by
SSO subject (the provider's id and ``SocialAccount.uid``) or by customer account
number (a claim of the SSO sign-in, ``SSO_ACCOUNT_NUMBER_CLAIM``). Both sides are
compared as HMAC-SHA256 digests keyed with ``DEFLECTION_IDENTITY_KEY`` (else a key
derived from ``SECRET_KEY``), so neither a member's nor a ticket's value is stored.

``MemberIdentity`` rows follow their sources: verified ``EmailAddress`` rows and
``SocialAccount`` rows, saved or deleted (signals, connected in the app's
``ready``); erasure deletes them with the account's addresses.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from forum.deflection.models import IdentityKind, MemberIdentity

KEY_SALT = "forum.deflection.identity"
# Longer than any real address, subject or account number: refused, not cut.
MAX_VALUE_LENGTH = 254
PROVIDER_MAX_LENGTH = 40
_ACCOUNT_NUMBER_NOISE = re.compile(r"[\s\-./]")


class InvalidIdentity(ValueError):
    """A value that cannot be a customer identity of its kind; ``field`` names
    the part at fault (``value``, ``provider`` or ``kind``)."""

    def __init__(self, message: str, *, field: str = "value"):
        super().__init__(message)
        self.field = field


def _secret() -> str:
    return getattr(settings, "DEFLECTION_IDENTITY_KEY", "") or settings.SECRET_KEY


def normalise(kind: str, value: str, *, provider: str = "") -> str:
    """The canonical form compared: e-mail case-insensitively, the SSO subject with
    its provider (subjects are unique per provider only, and case-sensitive), the
    account number without spaces, dashes, dots or slashes, in capitals."""
    if not isinstance(value, str):
        raise InvalidIdentity("must be a string")
    value = value.strip()
    if not value or len(value) > MAX_VALUE_LENGTH:
        raise InvalidIdentity(f"must be 1 to {MAX_VALUE_LENGTH} characters")
    if kind == IdentityKind.EMAIL:
        local, at, domain = value.rpartition("@")
        if not at or not local or "." not in domain or any(c.isspace() for c in value):
            raise InvalidIdentity("must be an e-mail address")
        return value.casefold()
    if kind == IdentityKind.SSO:
        provider = (provider or "").strip().lower()
        if not provider or len(provider) > PROVIDER_MAX_LENGTH:
            raise InvalidIdentity("needs the SSO provider's id", field="provider")
        return f"{provider}:{value}"
    if kind == IdentityKind.ACCOUNT_NUMBER:
        number = _ACCOUNT_NUMBER_NOISE.sub("", value).upper()
        if not number.isalnum():
            raise InvalidIdentity("must be letters and digits")
        return number
    raise InvalidIdentity("unknown kind", field="kind")


def identity_digest(kind: str, value: str, *, provider: str = "") -> str:
    """The keyed hash of an identity (raises InvalidIdentity for a malformed one)."""
    canonical = normalise(kind, value, provider=provider)
    return salted_hmac(
        KEY_SALT, f"{kind}\x00{canonical}", secret=_secret(), algorithm="sha256"
    ).hexdigest()


def members_with_identity(kind: str, digest: str) -> list[int]:
    return list(
        MemberIdentity.objects.filter(kind=kind, digest=digest).values_list(
            "user_id", flat=True
        )
    )


def _replace(user_id: int, source: str, identities: list[tuple[str, str]]) -> None:
    """Make the member's rows from this source exactly these (kind, digest) pairs;
    an identity last seen on another member moves to this one."""
    with transaction.atomic():
        MemberIdentity.objects.filter(user_id=user_id, source=source).delete()
        for kind, digest in identities:
            MemberIdentity.objects.update_or_create(
                kind=kind,
                digest=digest,
                defaults={"user_id": user_id, "source": source},
            )


def _digests(pairs) -> list[tuple[str, str]]:
    found = []
    for kind, value, provider in pairs:
        try:
            found.append((kind, identity_digest(kind, value, provider=provider)))
        except InvalidIdentity:
            continue  # a claim we cannot read matches nothing
    return found


def sync_email_address(address) -> None:
    """A verified address is an identity; an unverified one is not (yet)."""
    source = f"email:{address.pk}"
    pairs = [(IdentityKind.EMAIL, address.email, "")] if address.verified else []
    _replace(address.user_id, source, _digests(pairs))


def forget_email_address(address) -> None:
    MemberIdentity.objects.filter(
        user_id=address.user_id, source=f"email:{address.pk}"
    ).delete()


def account_number_claim(extra_data) -> str | None:
    """The customer account number an SSO sign-in carried, if configured and present."""
    claim = getattr(settings, "SSO_ACCOUNT_NUMBER_CLAIM", "")
    if not claim or not isinstance(extra_data, dict):
        return None
    value = extra_data.get(claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) else None


def sync_social_account(account) -> None:
    """The SSO subject, and the account number claim when there is one."""
    pairs = [(IdentityKind.SSO, str(account.uid), account.provider)]
    number = account_number_claim(account.extra_data)
    if number:
        pairs.append((IdentityKind.ACCOUNT_NUMBER, number, ""))
    _replace(account.user_id, f"social:{account.pk}", _digests(pairs))


def forget_social_account(account) -> None:
    MemberIdentity.objects.filter(
        user_id=account.user_id, source=f"social:{account.pk}"
    ).delete()


def forget_member(user) -> list[str]:
    """Delete the member's identities (erasure); returns their digests so tickets
    reported under them can be unlinked too."""
    rows = MemberIdentity.objects.filter(user=user)
    digests = list(rows.values_list("digest", flat=True))
    rows.delete()
    return digests


def sync_all_members() -> int:
    """Recompute every identity from its sources (after changing the key or the
    account number claim); returns how many there are."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    with transaction.atomic():
        MemberIdentity.objects.all().delete()
        for address in EmailAddress.objects.filter(verified=True).iterator():
            sync_email_address(address)
        for account in SocialAccount.objects.iterator():
            sync_social_account(account)
    return MemberIdentity.objects.count()
