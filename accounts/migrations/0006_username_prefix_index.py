"""An index for @mention completion: usernames starting with what was typed, in
any case (``username__istartswith``, which PostgreSQL runs as
``UPPER(username::text) LIKE UPPER(prefix) || '%'``). A prefix LIKE uses a b-tree
only with the pattern operator class unless the database's collation is "C";
SQLite's LIKE is already case-insensitive and reads the few thousand rows a
community has faster than an index it would not use."""

from django.db import migrations

INDEX = "accounts_user_username_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user"
            " (UPPER(username::text) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_user_avatar_key")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
