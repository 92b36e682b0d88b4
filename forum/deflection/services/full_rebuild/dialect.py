"""The temporary events table, the event kinds as SQL literals, and the few JSON
and date functions in which SQLite and PostgreSQL differ."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.duration import duration_microseconds

from forum.deflection.models import (
    EventKind,
    EventSource,
    Journey,
    TicketSource,
)

EVENTS = "deflection_rebuild_events"
SEARCH = f"'{EventKind.SEARCH.value}'"
CLICK = f"'{EventKind.RESULT_CLICK.value}'"
VIEW = f"'{EventKind.THREAD_VIEW.value}'"
ARTICLE_VIEW = f"'{EventKind.ARTICLE_VIEW.value}'"
HELPFUL = f"'{EventKind.HELPFUL_YES.value}'"
UNHELPFUL = f"'{EventKind.HELPFUL_NO.value}'"
SUBMITTED = f"'{EventKind.TICKET_SUBMITTED.value}'"
POSTED = f"'{EventKind.QUESTION_POSTED.value}'"
ASK = f"'{EventSource.ASK_SUGGESTIONS.value}'"
FORM = f"'{TicketSource.FORM.value}'"
DEFLECTED = "CASE WHEN j.deflected THEN 1 ELSE 0 END"
JOURNEY_COLUMNS = [
    field.column for field in Journey._meta.concrete_fields if not field.primary_key
]


class _Dialect:
    """The JSON and date SQL that differs between PostgreSQL and SQLite."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def json_object(self, *pairs: str) -> str:
        name = "jsonb_build_object" if self.postgres else "json_object"
        return f"{name}({', '.join(pairs)})"

    def json_flag(self, condition: str) -> str:
        if self.postgres:
            return f"({condition})"
        return f"json(CASE WHEN {condition} THEN 'true' ELSE 'false' END)"

    def json_agg(self, value: str, *, order: str, where: str) -> str:
        """A JSON array of ``value`` over the group, ordered (PostgreSQL; SQLite
        keeps its own order, which no count depends on)."""
        if self.postgres:
            return f"jsonb_agg({value} ORDER BY {order}) FILTER (WHERE {where})"
        return f"json_group_array({value}) FILTER (WHERE {where})"

    def json_value(self, column: str) -> str:
        """A JSON column of a derived table, kept JSON (SQLite forgets otherwise)."""
        empty = "'[]'::jsonb" if self.postgres else "json('[]')"
        value = column if self.postgres else f"json({column})"
        return f"COALESCE({value}, {empty})"

    def elements(self, column: str, key: str, alias: str) -> str:
        """FROM-clause rows for each element of the array ``column[key]``."""
        if self.postgres:
            elements = f"jsonb_array_elements({column}->'{key}')"
            return f"CROSS JOIN LATERAL {elements} AS {alias}(value)"
        return f"CROSS JOIN json_each({column}, '$.{key}') AS {alias}"

    def member(self, value: str, key: str) -> str:
        if self.postgres:
            return f"({value}->>'{key}')"
        return f"json_extract({value}, '$.{key}')"

    def integer(self, value: str) -> str:
        return f"({value})::bigint" if self.postgres else value

    def truthy(self, value: str) -> str:
        return f"COALESCE(({value})::boolean, false)" if self.postgres else value

    def element_id(self, alias: str) -> str:
        """A thread id held in an array element."""
        return (
            f"({alias}.value #>> '{{}}')::bigint" if self.postgres else f"{alias}.value"
        )

    def local_date(self, column: str) -> tuple[str, list]:
        sql, params = connection.ops.datetime_cast_date_sql(
            column, (), timezone.get_current_timezone_name()
        )
        return sql, list(params)

    def plus(self, column: str, delta: timedelta) -> tuple[str, list]:
        if self.postgres:
            return f"({column} + %s)", [delta]
        return f"django_format_dtdelta('+', {column}, %s)", [
            duration_microseconds(delta)
        ]
