"""The site's settings as every caller reads them: the settings row where a manager
set a value, else the environment's (``django.conf.settings``, read when used so
tests and operators may change it at run time).

The row and its featured boards are kept in the cache as a snapshot, so reading a
setting costs no query; ``forget`` retires it when the row is saved (at once and
again after the commit, so a reader between the two cannot keep the old one).
Within a request (``read_once_per_request``, entered by the middleware) the snapshot
is fetched from the cache once, however many settings the page reads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)

CACHE_KEY = "console:site-settings"
CACHE_SECONDS = 24 * 3600

# The snapshot this request has read, if any: None outside a request.
_request_memo: ContextVar[dict | None] = ContextVar("site_settings", default=None)


@dataclass(frozen=True)
class Snapshot:
    """What the settings row holds, in plain values (empty: the environment's)."""

    site_name: str = ""
    logo: str = ""
    favicon: str = ""
    brand_colour: str = ""
    link_colour: str = ""
    home_message: str = ""
    featured_board_ids: tuple[int, ...] = ()
    first_response_target_minutes: int | None = None
    moderation_flags_to_hide: int | None = None
    moderation_approval_account_days: int | None = None
    moderation_approval_first_posts: int | None = None
    moderation_new_account_max_links: int | None = None
    article_review_days: int = 180
    version: str = "1"


def _load() -> Snapshot:
    from forum.console.models import SiteSettings

    row = SiteSettings.objects.filter(pk=1).first()
    if row is None:
        return Snapshot()
    return Snapshot(
        site_name=row.site_name,
        logo=row.logo.name or "",
        favicon=row.favicon.name or "",
        brand_colour=row.brand_colour,
        link_colour=row.link_colour,
        home_message=row.home_message,
        featured_board_ids=tuple(
            row.featured_boards.order_by("position", "name").values_list(
                "pk", flat=True
            )
        ),
        first_response_target_minutes=row.first_response_target_minutes,
        moderation_flags_to_hide=row.moderation_flags_to_hide,
        moderation_approval_account_days=row.moderation_approval_account_days,
        moderation_approval_first_posts=row.moderation_approval_first_posts,
        moderation_new_account_max_links=row.moderation_new_account_max_links,
        article_review_days=row.article_review_days,
        version=row.version,
    )


@contextmanager
def read_once_per_request() -> Iterator[None]:
    """Within this block the snapshot is fetched from the cache once."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def snapshot() -> Snapshot:
    """The settings row as stored: this request's copy, else from the cache (read
    from the database on a miss, or when the cache is down)."""
    memo = _request_memo.get()
    if memo is None:
        return _shared_snapshot()
    if "snapshot" not in memo:
        memo["snapshot"] = _shared_snapshot()
    return memo["snapshot"]


def _shared_snapshot() -> Snapshot:
    try:
        found = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable; reading site settings", exc_info=True)
        return _load()
    if isinstance(found, Snapshot):
        return found
    loaded = _load()
    try:
        cache.set(CACHE_KEY, loaded, CACHE_SECONDS)
    except Exception:
        logger.warning("Cache unavailable; not keeping site settings", exc_info=True)
    return loaded


def forget() -> None:
    """The row changed: the next reader loads it afresh (this request included)."""
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("snapshot", None)

    def drop():
        try:
            cache.delete(CACHE_KEY)
        except Exception:
            logger.warning("Cache unavailable; site settings expire on their own")

    drop()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(drop)


# --- the values callers read -------------------------------------------------


def site_name() -> str:
    return snapshot().site_name or settings.SITE_NAME


def environment_first_response_target_minutes() -> int:
    return getattr(settings, "FIRST_RESPONSE_TARGET_MINUTES", 60)


def first_response_target_minutes() -> int:
    stored = snapshot().first_response_target_minutes
    if stored is not None:
        return stored
    return environment_first_response_target_minutes()


def _moderation(name: str) -> int:
    stored = getattr(snapshot(), name.lower())
    return stored if stored is not None else getattr(settings, name.upper())


def moderation_flags_to_hide() -> int:
    return _moderation("MODERATION_FLAGS_TO_HIDE")


def moderation_approval_account_days() -> int:
    return _moderation("MODERATION_APPROVAL_ACCOUNT_DAYS")


def moderation_approval_first_posts() -> int:
    return _moderation("MODERATION_APPROVAL_FIRST_POSTS")


def moderation_new_account_max_links() -> int:
    return _moderation("MODERATION_NEW_ACCOUNT_MAX_LINKS")


def article_review_days() -> int:
    """Days after its last review when a knowledge article may be out of date."""
    return snapshot().article_review_days


def branding() -> dict:
    """What every page's head and header need: the name, and the versioned
    addresses of the logo, favicon and brand stylesheet (None when unset)."""
    current = snapshot()
    version = current.version

    def image_url(kind: str, stored: str) -> str | None:
        if not stored:
            return None
        return f"{reverse('console:brand_image', args=[kind])}?v={version}"

    return {
        "SITE_NAME": current.site_name or settings.SITE_NAME,
        "SITE_LOGO_URL": image_url("logo", current.logo),
        "SITE_FAVICON_URL": image_url("favicon", current.favicon),
        "BRAND_CSS_URL": f"{reverse('console:brand_css')}?v={version}",
    }
