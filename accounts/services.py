"""Writes about people: roles and expert certifications."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ExpertCertification, Role, User
from forum import permissions
from forum.models import Board


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
