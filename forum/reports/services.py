"""Subscribing to the scheduled report summaries, and ending subscriptions."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.models import Board
from forum.reports.models import ReportSubscription, SummaryFrequency

UNSUBSCRIBE_SALT = "forum.reports.unsubscribe"


class InvalidUnsubscribeLink(Exception):
    """The link was forged or mangled."""


def subscribe_to_summary(
    *, user: User, frequency: str, board: Board | None = None
) -> ReportSubscription:
    """Subscribe ``user`` to the weekly or monthly summary (of one board, or all);
    subscribing twice keeps the one subscription. Raises PermissionDenied or
    ValidationError (an unknown frequency)."""
    if not permissions.can_subscribe_to_reports(user):
        raise PermissionDenied
    if frequency not in SummaryFrequency.values:
        raise ValidationError({"frequency": _("Choose weekly or monthly.")})
    try:
        with transaction.atomic():
            subscription, _created = ReportSubscription.objects.get_or_create(
                user=user, frequency=frequency, board=board
            )
    except IntegrityError:  # the same form, sent twice at once
        subscription = ReportSubscription.objects.get(
            user=user, frequency=frequency, board=board
        )
    return subscription


def unsubscribe_from_summary(subscription: ReportSubscription, *, by: User) -> None:
    """End one of ``by``'s own subscriptions; raises PermissionDenied for anyone
    else's (nobody else may stop a manager's mail but the signed link)."""
    if subscription.user_id != by.pk:
        raise PermissionDenied
    subscription.delete()


def unsubscribe_token(subscription: ReportSubscription) -> str:
    """The signed token in every summary's one-click unsubscribe link."""
    return signing.dumps(
        {"s": subscription.pk, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT
    )


def subscription_for_token(token: str) -> ReportSubscription | None:
    """The subscription a link names, or None when it has already ended; raises
    InvalidUnsubscribeLink for a forged or mangled one. The link never expires:
    a summary read months later must still stop the next."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidUnsubscribeLink from error
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), int) for key in ("s", "u")
    ):
        raise InvalidUnsubscribeLink
    return (
        ReportSubscription.objects.select_related("board")
        .filter(pk=data["s"], user_id=data["u"])
        .first()
    )


def unsubscribe_by_token(token: str) -> ReportSubscription | None:
    """End the subscription a signed link names (no sign-in: the link is the
    credential); returns it, or None when it had ended already."""
    subscription = subscription_for_token(token)
    if subscription is not None:
        ReportSubscription.objects.filter(pk=subscription.pk).delete()
    return subscription


def end_subscriptions_of(user: User) -> int:
    """Delete every subscription of ``user`` (account erasure); returns how many."""
    deleted = ReportSubscription.objects.filter(user=user).delete()[1]
    return deleted.get(ReportSubscription._meta.label, 0)
