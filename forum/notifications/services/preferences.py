"""Members' notification preferences, and unsubscribing from an e-mail link."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forum.notifications import tokens
from forum.notifications.models import (
    Channel,
    EmailFrequency,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
)


@transaction.atomic
def update_preferences(
    user: User,
    *,
    channels: dict[str, str],
    email_frequency: str,
    auto_follow: bool,
) -> NotificationSettings:
    """Save a member's channel per kind, e-mail frequency and auto-follow choice;
    raises ValidationError for an unknown kind, channel or frequency (and then saves
    nothing)."""
    unknown_kinds = set(channels) - set(NotificationKind.values)
    if unknown_kinds:
        raise ValidationError(
            _("Unknown notification kind: %(kinds)s.")
            % {"kinds": sorted(unknown_kinds)}
        )
    if any(channel not in Channel.values for channel in channels.values()):
        raise ValidationError(_("Choose e-mail, site only or off for each kind."))
    if email_frequency not in EmailFrequency.values:
        raise ValidationError(
            _("Unknown e-mail frequency %(value)r.") % {"value": email_frequency}
        )
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user=user
    )
    row.email_frequency = email_frequency
    row.auto_follow = bool(auto_follow)
    row.save(update_fields=["email_frequency", "auto_follow"])
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )
    return row


@transaction.atomic
def unsubscribe(token: str) -> tuple[User, str]:
    """Stop the e-mails a signed link names (one kind: site only from now on; "all":
    no notification e-mail at all) and return (member, scope). Raises
    tokens.InvalidToken for forged or expired links, changing nothing."""
    user_id, scope = tokens.read_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise tokens.InvalidToken(_("This unsubscribe link is not valid."))
    if scope == tokens.ALL:
        row, _created = NotificationSettings.objects.get_or_create(user=user)
        row.email_frequency = EmailFrequency.NEVER
        row.save(update_fields=["email_frequency"])
    elif scope in NotificationKind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=scope, defaults={"channel": Channel.SITE}
        )
    else:
        raise tokens.InvalidToken(_("This unsubscribe link is not valid."))
    return user, scope
