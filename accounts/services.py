"""Writes about people: roles, expert certifications and API tokens."""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, ExpertCertification, Role, User
from forum import permissions
from forum.models import Board

API_TOKENS_PER_USER = 10


@transaction.atomic
def assign_role(user: User, *, role: str, by: User) -> User:
    """Give ``user`` a site-wide role; raises PermissionDenied unless ``by`` is an
    administrator, ValidationError for an unknown role."""
    if not permissions.can_assign_roles(by):
        raise PermissionDenied("Only administrators can change roles.")
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    user.role = role
    # Administrators are the only people who use the Django admin.
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    return user


@transaction.atomic
def certify_expert(
    user: User,
    *,
    board: Board | None,
    title: str,
    by: User,
    expires_at: datetime | None = None,
) -> ExpertCertification:
    """Certify ``user`` for one board (or all boards when ``board`` is None), replacing
    an earlier certification of the same scope; raises PermissionDenied or
    ValidationError."""
    if not permissions.can_certify_experts(by):
        raise PermissionDenied("Only moderators and managers can certify experts.")
    title = title.strip()
    if not title or len(title) > ExpertCertification.TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": "Give a title of 1 to 80 characters, such as “NBN expert”."}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry date must be in the future."})
    certification, _ = ExpertCertification.objects.update_or_create(
        user=user,
        board=board,
        defaults={"title": title, "certified_by": by, "expires_at": expires_at},
    )
    user.__dict__.pop("active_certifications", None)
    return certification


@transaction.atomic
def revoke_certification(certification: ExpertCertification, *, by: User) -> None:
    """Remove a certification; raises PermissionDenied unless ``by`` may certify."""
    if not permissions.can_certify_experts(by):
        raise PermissionDenied(
            "Only moderators and managers can revoke certifications."
        )
    certification.delete()


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    user: User, *, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a personal API token; returns it with its secret (shown once). Raises
    ValidationError for a blank name, an expiry that is not in the future or too
    many tokens."""
    name = " ".join((name or "").split())
    if not name or len(name) > ApiToken.NAME_MAX_LENGTH:
        raise ValidationError({"name": "Name the token (up to 60 characters)."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry date must be in the future."})
    if user.api_tokens.usable().count() >= API_TOKENS_PER_USER:
        limit = API_TOKENS_PER_USER
        raise ValidationError(
            {"name": f"You already have {limit} tokens; revoke one first."}
        )
    secret = f"cs_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:10],
        key_hash=_hash_token(secret),
        expires_at=expires_at,
    )
    return token, secret


def revoke_api_token(token: ApiToken, *, by: User) -> ApiToken:
    """Revoke a token; raises PermissionDenied unless it is ``by``'s own."""
    if token.user_id != by.pk:
        raise PermissionDenied("That token is not yours.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_api_token(secret: str) -> User | None:
    """The active member a usable token belongs to (recording its use), or None."""
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(key_hash=_hash_token(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Writing on every request would turn reads into writes; a minute is precise enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
