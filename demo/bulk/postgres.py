"""PostgreSQL's bulk-load steps: keys and indexes put back after the load,
fresh statistics, sequences moved past the loaded ids."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, models
from taggit.models import TaggedItem

from accounts.models import User
from forum.deflection.models import JourneyEvent
from forum.models import Kudos, Post, Thread


@contextmanager
def _foreign_keys_checked_after(loaded: list[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, drop the loaded tables' foreign keys and add them back at the
    end: a deferred key is checked at commit row by row (an index probe and a row
    lock each, minutes for millions of rows), an added one in a single join."""
    if connection.vendor != "postgresql":
        yield
        return
    restore = []
    with connection.cursor() as cursor:
        # Checks still pending from earlier in the transaction would make ALTER
        # TABLE refuse; run them now, then defer again (the keys' own mode).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in loaded:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for name, definition in cursor.fetchall():
                name = connection.ops.quote_name(name)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                restore.append(
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
                )
    yield
    with connection.cursor() as cursor:
        for statement in restore:
            cursor.execute(statement)


@contextmanager
def _indexes_built_after(loaded: list[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, drop the loaded tables' secondary indexes and build them again
    after the load: one sort each instead of a B-tree insert per row in random key
    order. Indexes behind constraints (primary keys, unique) stay and keep
    checking."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [connection.ops.quote_name(model._meta.db_table) for model in loaded]
    restore = []
    with connection.cursor() as cursor:
        # Enough to sort a few million keys in memory.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for table in tables:
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
                "FROM pg_index WHERE indrelid = %s::regclass AND NOT EXISTS ("
                "SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                restore.append(definition)
    yield
    with connection.cursor() as cursor:
        for statement in restore:
            cursor.execute(statement)


def _analyze(loaded: list[type[models.Model]]) -> None:
    """Statistics for freshly loaded tables (PostgreSQL counts this transaction's
    own rows), so that the set-based statements that follow are planned for
    millions of rows rather than for the empty tables autovacuum last saw."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in loaded:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def reset_sequences() -> None:
    """Rows were written with explicit ids; move PostgreSQL's sequences past them."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(
        no_style(), [User, Thread, Post, Kudos, TaggedItem, JourneyEvent]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
