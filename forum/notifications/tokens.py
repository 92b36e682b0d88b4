"""Signed one-click unsubscribe tokens: who, and from what (one kind or all e-mail)."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

SALT = "forum.notifications.unsubscribe"
ALL = "all"


class InvalidToken(Exception):
    """The link was forged, mangled or has expired."""


def make_unsubscribe_token(user, scope: str) -> str:
    """A token that unsubscribes ``user`` from ``scope`` (a notification kind or
    "all") without signing in."""
    return signing.dumps({"u": user.pk, "s": scope}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, scope) from a token; raises InvalidToken when it is forged or older
    than NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS."""
    max_age = getattr(settings, "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS", 90) * 86400
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidToken(_("This unsubscribe link has expired.")) from error
    except signing.BadSignature as error:
        raise InvalidToken(_("This unsubscribe link is not valid.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidToken(_("This unsubscribe link is not valid."))
    return data["u"], str(data.get("s", ALL))
