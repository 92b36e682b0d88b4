"""Cached database sessions that keep working while the cache is down.

The database row is the truth; the cache only saves a query. Django's cached_db
store already survives a failed cache read, but not a failed cache write or delete
on the same path, so a Redis outage would turn every signed-in page into a 500.
Here each cache call is guarded and the session falls back to the database.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        session = self._get_session_from_db()
        if not session:
            return {}
        data = self.decode(session.session_data)
        try:
            self._cache.set(
                self.cache_key, data, self.get_expiry_age(expiry=session.expire_date)
            )
        except Exception:
            logger.warning("Session cache unavailable; reading from the database")
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("Session cache unavailable; checking the database")
        return super(cached_db.SessionStore, self).exists(session_key)

    def delete(self, session_key=None):
        key = session_key or self.session_key
        super(cached_db.SessionStore, self).delete(session_key)
        if key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + key)
        except Exception:
            # The cached copy expires by itself; the row, which decides, is gone.
            logger.warning("Session cache unavailable; cached copy left to expire")
