"""Flood control: per-member counters in the shared cache.

Each limit is a fixed window counted with ``cache.add`` (start at zero, atomically)
and ``cache.incr`` (atomic on Redis and on the local-memory cache), so parallel
requests on many app servers cannot slip past a limit: the n-th request of a window
sees n. The check runs before anything is stored, so a refused write stores nothing.
"""

import contextvars
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from community.faults import CACHE_ERRORS, CacheUnavailable
from forum import permissions

_exempt = contextvars.ContextVar("flood_exempt", default=False)

ACTION_MESSAGES = {
    "post": _("You're posting very quickly"),
    "thread_new_account": _("New accounts start only a few threads on their first day"),
    "reply_new_account": _("New accounts post only a few replies on their first day"),
    "kudos": _("You're giving kudos very quickly"),
    "flag": _("You've flagged a lot of posts in a short time"),
    "preview": _("You're previewing very quickly"),
    "mention_lookup": _("You're looking up members very quickly"),
    "upload": _("You're uploading files very quickly"),
    "conversation": _("You've started a lot of conversations recently"),
    "message": _("You're sending messages very quickly"),
}


class RateLimited(Exception):  # noqa: N818 - reads as "the member was rate limited"
    """A write refused by flood control; views answer 429 or a form error."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


@contextmanager
def exempt():
    """Switch flood control off in this context (demo data, data imports)."""
    token = _exempt.set(True)
    try:
        yield
    finally:
        _exempt.reset(token)


def is_new_account(user) -> bool:
    """An account in its first day (``MODERATION_NEW_ACCOUNT_HOURS``)."""
    hours = settings.MODERATION_NEW_ACCOUNT_HOURS
    return user.date_joined > timezone.now() - timedelta(hours=hours)


def _is_exempt(user, board) -> bool:
    if _exempt.get() or not user.is_authenticated or permissions.is_moderator(user):
        return True
    return board is not None and permissions.can_moderate_board(user, board)


def check(action: str, user, *, board=None) -> None:
    """Count one ``action`` by ``user``; raises RateLimited when any of its limits
    is exceeded. Moderators (of ``board``, when given) are exempt."""
    if _is_exempt(user, board):
        return
    for most, seconds in settings.MODERATION_RATE_LIMITS.get(action, ()):
        window = int(time.time() // seconds)
        key = f"flood:{action}:{user.pk}:{seconds}:{window}"
        if _count(key, timeout=seconds) > most:
            retry_after = max(1, (window + 1) * seconds - int(time.time()))
            raise RateLimited(_message(action, retry_after), retry_after=retry_after)


def check_post(user, *, board, is_thread: bool) -> None:
    """Count a new thread or reply, with the stricter first-day limits for new
    accounts; raises RateLimited."""
    check("post", user, board=board)
    if is_new_account(user):
        action = "thread_new_account" if is_thread else "reply_new_account"
        check(action, user, board=board)


def _count(key: str, *, timeout: int) -> int:
    """Count one event; raises CacheUnavailable when the cache is down, so the
    write is refused rather than let through uncounted (fail closed)."""
    try:
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:
            # The window expired between add and incr: this is its first event.
            cache.add(key, 1, timeout=timeout)
            return 1
    except CACHE_ERRORS as error:
        raise CacheUnavailable(str(error)) from error


def _message(action: str, retry_after: int) -> str:
    if retry_after < 120:
        wait = ngettext("%(count)d second", "%(count)d seconds", retry_after)
        wait %= {"count": retry_after}
    elif retry_after < 7200:
        minutes = round(retry_after / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes)
        wait %= {"count": minutes}
    else:
        hours = round(retry_after / 3600)
        wait = ngettext("%(count)d hour", "%(count)d hours", hours)
        wait %= {"count": hours}
    opening = ACTION_MESSAGES.get(action, _("Too many requests"))
    return gettext("%(reason)s. Please wait %(wait)s and try again.") % {
        "reason": opening,
        "wait": wait,
    }
