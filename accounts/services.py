"""Writes about people: roles, expert certifications and API tokens."""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, ExpertCertification, Role, User
from community.replicas import state as replicas
from forum import permissions
from forum.models import Board
from forum.moderation import audit
from forum.moderation.models import AuditAction
from forum.reports.services import end_subscriptions_of

API_TOKENS_PER_USER = 10


@transaction.atomic
@permissions.roles_from_database
def assign_role(user: User, *, role: str, by: User) -> User:
    """Give ``user`` a site-wide role, keeping ``is_staff``/``is_superuser`` in step
    with it, and audit the change. Raises PermissionDenied unless ``by`` is an
    administrator changing someone else's role, ValidationError for an unknown
    role."""
    if not permissions.can_assign_role(by, user):
        raise PermissionDenied(
            _("Only administrators change roles, and never their own.")
        )
    return _set_role(user, role=role, actor=by)


@transaction.atomic
def assign_role_from_claim(user: User, *, role: str, provider_name: str) -> User:
    """The company identity provider's role claim (the opt-in SSO_STAFF_ROLE_CLAIM,
    which accounts.sso limits to moderator, manager and customer): the same write
    as an administrator's, audited with no actor and the provider as the reason."""
    return _set_role(
        user, role=role, actor=None, reason=f"Role claim from {provider_name}"
    )


def _set_role(user: User, *, role: str, actor: User | None, reason: str = "") -> User:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)r.") % {"role": role}})
    current = User.objects.select_for_update().get(pk=user.pk)
    before = current.role
    # Administrators are the only people who use the Django admin.
    admin = role == Role.ADMINISTRATOR
    if (before, current.is_staff, current.is_superuser) == (role, admin, admin):
        return user
    user.role = role
    user.is_staff = user.is_superuser = admin
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    if not permissions.can_view_reports(user):
        end_subscriptions_of(user)  # summaries of reports they may no longer read
    audit.record(
        AuditAction.ASSIGN_ROLE,
        actor=actor,
        target=user,
        reason=reason,
        before={"role": before},
        after={"role": role},
    )
    return user


def validate_certification(*, title: str, expires_at: datetime | None) -> str:
    """The certification's title, stripped; raises ValidationError for a blank or
    long title or an expiry that has passed."""
    title = (title or "").strip()
    if not title or len(title) > ExpertCertification.TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("Give a title of 1 to 80 characters, such as “NBN expert”.")}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("The expiry date must be in the future.")}
        )
    return title


def _certification_state(certification: ExpertCertification | None) -> dict | None:
    if certification is None:
        return None
    return {
        "board": certification.board.slug if certification.board_id else None,
        "title": certification.title,
        "expires_at": certification.expires_at,
    }


@transaction.atomic
@permissions.roles_from_database
def certify_expert(
    user: User,
    *,
    board: Board | None,
    title: str,
    by: User,
    expires_at: datetime | None = None,
) -> ExpertCertification:
    """Certify ``user`` for one board (or all boards when ``board`` is None), replacing
    an earlier certification of the same scope, and audit it; raises
    PermissionDenied or ValidationError."""
    if not permissions.can_certify_experts(by):
        raise PermissionDenied(_("Only moderators and managers can certify experts."))
    title = validate_certification(title=title, expires_at=expires_at)
    earlier = (
        ExpertCertification.objects.select_for_update()
        .filter(user=user, board=board)
        .first()
    )
    before = _certification_state(earlier)
    certification, _created = ExpertCertification.objects.update_or_create(
        user=user,
        board=board,
        defaults={"title": title, "certified_by": by, "expires_at": expires_at},
    )
    after = _certification_state(certification)
    if after != before:
        audit.record(
            AuditAction.CERTIFY_EXPERT,
            actor=by,
            target=user,
            before=before,
            after=after,
        )
    user.__dict__.pop("active_certifications", None)
    return certification


@transaction.atomic
@permissions.roles_from_database
def revoke_certification(certification: ExpertCertification, *, by: User) -> None:
    """Remove a certification, and audit it; raises PermissionDenied unless ``by``
    may certify."""
    if not permissions.can_certify_experts(by):
        raise PermissionDenied(
            _("Only moderators and managers can revoke certifications.")
        )
    audit.record(
        AuditAction.REVOKE_CERTIFICATION,
        actor=by,
        target=certification.user,
        before=_certification_state(certification),
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
        raise ValidationError({"name": _("Name the token (up to 60 characters).")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("The expiry date must be in the future.")}
        )
    if user.api_tokens.usable().count() >= API_TOKENS_PER_USER:
        limit = API_TOKENS_PER_USER
        raise ValidationError(
            {
                "name": _("You already have %(count)s tokens; revoke one first.")
                % {"count": limit}
            }
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
        raise PermissionDenied(_("That token is not yours."))
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
        with replicas.bookkeeping():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
