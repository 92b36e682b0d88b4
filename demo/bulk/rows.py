"""Writing rows in bulk: COPY on PostgreSQL, batched INSERTs elsewhere."""

import json
from collections.abc import Iterable

from django.db import connection, models
from psycopg.types.json import set_json_dumps

BATCH = 5_000


class JsonText(str):
    """A JSON value already encoded: rows that repeat a few values (millions of
    events, fifteen hundred distinct result lists) encode each once."""


class _RowTemplate:
    """A model's columns in table order, with each field's default filled in once,
    so building a row is a copy and a few assignments (millions of rows)."""

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.index = {field.attname: n for n, field in enumerate(fields)}
        # JSON is written as its text.
        self.json = {
            field.attname for field in fields if isinstance(field, models.JSONField)
        }
        self.defaults = [
            None
            if field.primary_key
            else _json_text(field.get_default())
            if field.attname in self.json
            else field.get_default()
            for field in fields
        ]

    def row(self, values: dict) -> list:
        row = self.defaults.copy()
        index, json_columns = self.index, self.json
        for name, value in values.items():
            row[index[name]] = _json_text(value) if name in json_columns else value
        return row


def _json_text(value) -> str:
    return value if isinstance(value, JsonText) else json.dumps(value)


def write_rows(model: type[models.Model], rows: Iterable[dict]) -> None:
    """Insert many rows: COPY on PostgreSQL, batched INSERTs elsewhere. Rows must
    carry their primary key."""
    fields = model._meta.concrete_fields
    columns = [field.column for field in fields]
    if connection.vendor == "postgresql":
        template = _RowTemplate(model)
        table = connection.ops.quote_name(model._meta.db_table)
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        # Binary, so the server parses no text: that was most of its work on
        # millions of timestamps.
        statement = f"COPY {table} ({column_list}) FROM STDIN (FORMAT BINARY)"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            types = dict(cursor.fetchall())
            # The template has encoded the JSON already.
            set_json_dumps(str, cursor.cursor)
            with cursor.cursor.copy(statement) as copy:
                copy.set_types([types[column] for column in columns])
                for row in rows:
                    copy.write_row(template.row(row))
        return
    batch = []
    for row in rows:
        batch.append(model(**_decoded(row)))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _decoded(row: dict) -> dict:
    """The row with its encoded JSON decoded again, as a model field expects."""
    return {
        name: json.loads(value) if isinstance(value, JsonText) else value
        for name, value in row.items()
    }


def _next_id(model) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
