"""Database snapshots and URL enumeration shared by the security tests."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Tables a request may touch without changing anything anyone owns: sessions (the
# messages framework and sign-in live there), Django's own bookkeeping.
SKIPPED_TABLES = {
    "django_session",
    "django_admin_log",
    "django_content_type",
    "auth_permission",
    "django_migrations",
}
# Columns that move on every sign-in or token use and mean nothing here.
SKIPPED_FIELDS = {"last_login", "last_used_at"}


def snapshot(*, ignore: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every project table, as sorted tuples of plain values, keyed
    by ``app_label.Model``. ``ignore`` lists ``app_label.Model`` or
    ``app_label.Model.field`` entries left out (documented counters)."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.db_table in SKIPPED_TABLES or label in ignore:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in SKIPPED_FIELDS and f"{label}.{f.attname}" not in ignore
        ]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        state[label] = [tuple(map(str, row)) for row in rows]
    return state


def changes(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    """The tables that differ: ``label -> (rows before, rows after)``."""
    return {
        label: (len(before[label]), len(after.get(label, [])))
        for label in before
        if before[label] != after.get(label)
    }


def url_patterns(resolver=None, prefix: str = ""):
    """Every (route text, name, callback, pattern) the project serves."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            yield from (
                (route, f"{namespace}:{name}" if namespace and name else name, cb, p)
                for route, name, cb, p in url_patterns(
                    entry, prefix + str(entry.pattern)
                )
            )
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, entry.callback, entry
