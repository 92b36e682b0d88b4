"""The search engine for the database in use."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from forum.search.backends.base import SearchBackend


def get_backend() -> SearchBackend:
    """The backend for the default database's vendor; raises ImproperlyConfigured
    for a database without one."""
    if connection.vendor == "postgresql":
        from forum.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from forum.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    raise ImproperlyConfigured(
        f"Search supports PostgreSQL and SQLite, not {connection.vendor!r}."
    )
