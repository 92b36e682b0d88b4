"""Fast synthetic data for benchmarks: `manage.py seed_bulk`.

Rows are generated in Python from a fixed seed and written with PostgreSQL's COPY (or
batched inserts on SQLite); counters are then set with one grouped UPDATE per table,
never row by row. On PostgreSQL the loaded tables' foreign keys and secondary indexes
are dropped for the load and put back after it (as pg_restore does): one sort per
index and one join per foreign key instead of millions of single-row steps.
"""

from demo.bulk.content import (
    TAG_NAMES,
    WORDS,
    seed_boards,
    seed_kudos,
    seed_tags,
    seed_threads_and_posts,
    seed_users,
)
from demo.bulk.counters import recount
from demo.bulk.load import seed_bulk
from demo.bulk.options import BulkOptions
from demo.bulk.postgres import reset_sequences
from demo.bulk.rows import BATCH, JsonText, _next_id, write_rows

__all__ = [
    "BATCH",
    "TAG_NAMES",
    "WORDS",
    "BulkOptions",
    "JsonText",
    "_next_id",
    "recount",
    "reset_sequences",
    "seed_boards",
    "seed_bulk",
    "seed_kudos",
    "seed_tags",
    "seed_threads_and_posts",
    "seed_users",
    "write_rows",
]
