"""Database sessions with a cached copy, that keep working while the cache is down.

The database row is the truth; the cache only saves a query. Django's cached_db
store survives a failed cache read but not a failed write or delete on the same
path, so a Redis outage would turn every signed-in page into a 500, and guarding it
meant overriding its private methods. This store is built on the public database
store instead: each cached copy carries the row's expiry date (so it never outlives
the row), a save stores what it wrote, and every cache call is guarded.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import db
from django.core.cache import caches
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY_PREFIX = "crowd.session."


class SessionStore(db.SessionStore):
    @property
    def cache(self):
        return caches[settings.SESSION_CACHE_ALIAS]

    def load(self):
        now = timezone.now()
        key = self.session_key
        cached = self._cached(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        row = (
            self.model.objects.filter(session_key=key, expire_date__gt=now)
            .values_list("session_data", "expire_date")
            .first()
            if key
            else None
        )
        if row is None:
            # The database store forgets the key and answers {}, as Django's does.
            return super().load()
        data = self.decode(row[0])
        self._guarded(
            self.cache.set,
            KEY_PREFIX + key,
            (row[1], data),
            int((row[1] - now).total_seconds()) + 1,
        )
        return data

    def exists(self, session_key):
        if session_key and self._cached(session_key) is not None:
            return True
        return super().exists(session_key)

    def save(self, must_create=False):
        super().save(must_create=must_create)
        # What the row now holds, so the next request asks the database nothing.
        self._guarded(
            self.cache.set,
            KEY_PREFIX + self.session_key,
            (self.get_expiry_date(), dict(self.items())),
            self.get_expiry_age(),
        )

    def delete(self, session_key=None):
        key = session_key or self.session_key
        super().delete(session_key)
        if key is not None:
            # The row, which decides, is gone; a copy left behind expires by itself.
            self._guarded(self.cache.delete, KEY_PREFIX + key)

    def _cached(self, session_key: str | None):
        if not session_key:
            return None
        try:
            return self.cache.get(KEY_PREFIX + session_key)
        except Exception:
            logger.warning("Session cache unavailable; reading from the database")
            return None

    @staticmethod
    def _guarded(call, *args) -> None:
        try:
            call(*args)
        except Exception:
            logger.warning("Session cache unavailable; the database decides")
