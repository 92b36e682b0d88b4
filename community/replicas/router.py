"""The database router: reads of a request's scope go to a usable replica; every
write, and every read after a write, inside a transaction, or outside a scope, goes
to the primary.

``select_for_update()``, ``get_or_create()`` and saving an instance are writes to
Django (they ask ``db_for_write``), so they never touch a replica, even for an
object that was read from one.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from community.replicas import health, state


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return read_database()

    def db_for_write(self, model, **hints) -> str:
        # Explicit: without an answer Django would write where the instance was read.
        state.note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # Replicas replay the primary's schema; they are never migrated.
        return db == DEFAULT_DB_ALIAS


def read_connection():
    """The connection for a raw read-only query (one the router never sees), where
    the router would send a model's read."""
    return connections[read_database()]


def read_database() -> str:
    scope = state.current()
    if scope is None or not scope.replica_reads or scope.wrote:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if scope.replica is None:
        scope.replica = _usable_replica() or DEFAULT_DB_ALIAS
    elif scope.replica != DEFAULT_DB_ALIAS and scope.failed_replica == scope.replica:
        scope.replica = DEFAULT_DB_ALIAS
    return scope.replica


_turn = 0


def _usable_replica() -> str | None:
    """The next usable replica in turn, so several share the reads."""
    global _turn
    aliases = health.replica_aliases()
    for offset in range(len(aliases)):
        alias = aliases[(_turn + offset) % len(aliases)]
        if health.is_usable(alias):
            _turn = (_turn + offset + 1) % len(aliases)
            return alias
    return None
