"""The full-text index for the database in use.

PostgreSQL: a generated, weighted tsvector column on the document table and a GIN
index on it. A generated column cannot disagree with its row, but PostgreSQL refuses
to change the type of a column it reads (title, body, replies) while it exists: a
later migration doing that must drop and re-add it.

SQLite: an FTS5 table mirroring the three text columns, keyed by thread id and written
by forum.search.indexing (not by triggers: Django rebuilds SQLite tables to alter them,
which would silently drop triggers).

The text search configuration must match TEXT_SEARCH_CONFIG in
forum.search.backends.postgres.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_threaddocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, body), 'B')
        || setweight(to_tsvector('english'::regconfig, replies), 'C')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_threaddocument"
    " USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_threaddocument DROP COLUMN IF EXISTS search_vector",
]
# Porter stemming over unicode61, so "dropping" finds "drops" as PostgreSQL's English
# configuration does; diacritics are folded so "cafe" finds "café".
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_threaddocument_fts USING fts5("
    " title, body, replies,"
    " tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_threaddocument_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
