"""Fast synthetic data for benchmarks: `manage.py seed_bulk`.

Rows are generated in Python from a fixed seed and written with PostgreSQL's COPY (or
batched inserts on SQLite); counters are then set with one grouped UPDATE per table,
never row by row. On PostgreSQL the loaded tables' foreign keys and secondary indexes
are dropped for the load and put back after it (as pg_restore does): one sort per
index and one join per foreign key instead of millions of single-row steps.
"""

import json
import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.types.json import set_json_dumps
from taggit.models import Tag, TaggedItem

from accounts.models import User
from forum import reputation
from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Journey,
    JourneyEvent,
)
from forum.models import AcceptedAs, Board, BoardKind, Kudos, Post, Thread

WORDS = [
    "nbn", "modem", "router", "wifi", "signal", "coverage", "plan", "data", "roaming",
    "esim", "sim", "phone", "bill", "payment", "account", "charge", "refund", "speed",
    "upload", "download", "latency", "outage", "dropout", "evening", "night", "morning",
    "restart", "reset", "firmware", "update", "settings", "app", "support",
    "technician", "install", "connection", "cable", "ethernet", "port", "fibre", "fttp",
    "fttc", "hfc", "tower", "mobile", "network", "voicemail", "sms", "call",
    "international", "travel", "prepaid", "postpaid", "contract", "upgrade", "device",
    "tablet", "watch", "battery", "screen", "warranty", "repair", "store", "password",
    "login", "email", "address", "move", "house", "number", "transfer", "port",
    "bundle", "tv", "streaming", "netflix", "gaming", "ping", "slow", "fast", "works",
    "fixed", "tried", "still", "problem",
]  # fmt: skip
TAG_NAMES = [
    "nbn", "modem", "wifi", "5g", "esim", "roaming", "billing", "refund", "outage",
    "speed", "coverage", "iphone", "android", "voicemail", "sms", "porting",
    "moving", "firmware", "mesh", "ethernet", "prepaid", "plans", "warranty",
    "battery", "gaming", "latency", "static-ip", "login", "payments", "fees",
]  # fmt: skip
BATCH = 5_000


@dataclass
class BulkOptions:
    users: int = 5_000
    boards: int = 8
    threads: int = 50_000
    posts: int = 500_000
    days: int = 90
    seed: int = 42
    solved_share: float = 0.35
    kudos_share: float = 0.3
    journeys: int = 1_000_000


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


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def _reply_counts(rng: random.Random, threads: int, replies: int) -> list[int]:
    """Zipf-like replies per thread (most threads few, a few threads hundreds),
    scaled to add up to exactly ``replies``."""
    # Pareto weights, capped so no single thread swallows the whole load.
    weights = [min(rng.paretovariate(1.2), 300.0) for _ in range(threads)]
    total = sum(weights)
    counts = [int(weight / total * replies) for weight in weights]
    shortfall = replies - sum(counts)
    for index in rng.sample(range(threads), k=min(shortfall, threads)):
        counts[index] += 1
    for _ in range(replies - sum(counts)):
        counts[rng.randrange(threads)] += 1
    return counts


def seed_users(options: BulkOptions, rng: random.Random) -> list[int]:
    first = _next_id(User)
    password = make_password("bulk-users-cannot-sign-in-with-this")
    now = timezone.now()

    def rows() -> Iterator[dict]:
        for n in range(options.users):
            pk = first + n
            yield {
                "id": pk,
                "username": f"bulk{pk}",
                "email": f"bulk{pk}@example.com",
                "password": password,
                "display_name": f"Member {pk}",
                "date_joined": now - timedelta(days=rng.randint(30, 2000)),
                "is_active": True,
            }

    write_rows(User, rows())
    return list(range(first, first + options.users))


def seed_boards(options: BulkOptions) -> list[Board]:
    boards = []
    for n in range(options.boards):
        board, _ = Board.objects.get_or_create(
            slug=f"bulk-{n}",
            defaults={
                "name": f"Bulk board {n}",
                "kind": BoardKind.QUESTIONS if n % 4 else BoardKind.DISCUSSION,
                "position": 100 + n,
                "description": "Synthetic threads for benchmarks.",
            },
        )
        boards.append(board)
    return boards


def seed_threads_and_posts(
    options: BulkOptions, rng: random.Random, user_ids: list[int], boards: list[Board]
) -> tuple[int, int, list[tuple[int, int]]]:
    """Threads with first posts and Zipf-distributed replies; returns the first
    thread and post ids, and every post's (id, author id) in the posts' default
    order."""
    first_thread, first_post = _next_id(Thread), _next_id(Post)
    now = timezone.now()
    replies = _reply_counts(
        rng, options.threads, max(options.posts - options.threads, 0)
    )
    thread_rows, post_rows = [], []
    post_order = []
    post_id = first_post
    span = options.days * 86_400
    for index in range(options.threads):
        thread_id = first_thread + index
        author = rng.choice(user_ids)
        created = now - timedelta(seconds=rng.randint(3_600, span))
        title = _sentence(rng, rng.randint(5, 10))[:140]
        board = boards[index % len(boards)]
        question_post = post_id
        times = sorted(
            created + timedelta(seconds=rng.randint(60, 3 * 86_400))
            for _ in range(replies[index])
        )
        posters = [rng.choice(user_ids) for _ in times]
        post_rows.append(_post_row(rng, question_post, thread_id, author, created))
        post_order.append((created, question_post, author))
        for when, poster in zip(times, posters, strict=True):
            post_id += 1
            post_rows.append(_post_row(rng, post_id, thread_id, poster, when))
            post_order.append((when, post_id, poster))
        post_id += 1
        solved = (
            board.kind == BoardKind.QUESTIONS
            and times
            and rng.random() < options.solved_share
        )
        first_response = next(
            (when for when, p in zip(times, posters, strict=True) if p != author), None
        )
        thread_rows.append(
            {
                "id": thread_id,
                "board_id": board.pk,
                "author_id": author,
                "title": title,
                "slug": title.lower().replace(" ", "-").strip(".")[:80],
                # The question is the thread's oldest post, and its replies are
                # numbered in time order, so the first reply (the solution, if
                # accepted) is the next id.
                "first_post_id": question_post,
                "reply_count": len(times),
                "created_at": created,
                "last_activity_at": times[-1] if times else created,
                "last_poster_id": posters[-1] if posters else author,
                "first_response_at": first_response,
                "view_count": rng.randint(0, 5_000),
                "solution_post_id": question_post + 1 if solved else None,
                "accepted_at": (times[0] + timedelta(hours=2)) if solved else None,
                "accepted_by_id": author if solved else None,
                "accepted_as": rng.choice(list(AcceptedAs.values)) if solved else "",
            }
        )
        if len(post_rows) >= 50_000:
            _flush(thread_rows, post_rows)
            thread_rows, post_rows = [], []
    _flush(thread_rows, post_rows)
    post_order.sort()
    return first_thread, first_post, [(pk, author) for _, pk, author in post_order]


def _flush(thread_rows: list[dict], post_rows: list[dict]) -> None:
    write_rows(Thread, thread_rows)
    write_rows(Post, post_rows)


def _post_row(rng, pk: int, thread_id: int, author: int, when: datetime) -> dict:
    body = " ".join(
        _sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6))
    )
    return {
        "id": pk,
        "thread_id": thread_id,
        "author_id": author,
        "body": body,
        "body_html": f"<p>{body}</p>",
        "created_at": when,
    }


def seed_tags(rng: random.Random, first_thread: int, last_thread: int) -> None:
    tags = [
        Tag.objects.get_or_create(name=n, defaults={"slug": n})[0] for n in TAG_NAMES
    ]
    content_type = ContentType.objects.get_for_model(Thread)
    next_id = _next_id(TaggedItem)

    def rows() -> Iterator[dict]:
        nonlocal next_id
        for thread_id in range(first_thread, last_thread + 1):
            for tag in rng.sample(tags, k=rng.randint(0, 3)):
                yield {
                    "id": next_id,
                    "tag_id": tag.pk,
                    "content_type_id": content_type.pk,
                    "object_id": thread_id,
                }
                next_id += 1

    write_rows(TaggedItem, rows())


def seed_kudos(
    options: BulkOptions,
    rng: random.Random,
    user_ids: list[int],
    posts: list[tuple[int, int]],
) -> None:
    """Kudos on a share of replies from distinct members."""
    next_id = _next_id(Kudos)
    now = timezone.now()

    def rows() -> Iterator[dict]:
        nonlocal next_id
        for post_id, author_id in posts:
            if rng.random() >= options.kudos_share:
                continue
            for fan in set(rng.choices(user_ids, k=rng.randint(1, 6))) - {author_id}:
                yield {
                    "id": next_id,
                    "post_id": post_id,
                    "user_id": fan,
                    "created_at": now,
                }
                next_id += 1

    write_rows(Kudos, rows())


def recount(first_thread: int, first_post: int) -> None:
    """Counters on posts, threads, boards and members from the rows themselves, by
    the rules of forum.moderation.counters (only public posts and threads count
    towards posts and threads; no solution credit for answering oneself). Each
    table's counts are grouped in one pass and written with one UPDATE ... FROM
    (PostgreSQL, and SQLite since 3.33) instead of a subquery per row."""
    post, thread, board, user, kudos = (
        connection.ops.quote_name(model._meta.db_table)
        for model in (Post, Thread, Board, User, Kudos)
    )
    public = "NOT {0}.is_hidden AND {0}.is_approved".format
    with connection.cursor() as cursor:
        _update_from(
            cursor,
            post,
            {"kudos_count": "n"},
            f"""SELECT p.id, COUNT(k.id) AS n FROM {post} p
                LEFT JOIN {kudos} k ON k.post_id = p.id
                WHERE p.id >= %s GROUP BY p.id""",  # nosec B608 - table names come from the models, values are placeholders
            [first_post],
        )
        _update_from(
            cursor,
            thread,
            {"kudos_count": "n"},
            f"""SELECT t.id, COALESCE(SUM(p.kudos_count), 0) AS n FROM {thread} t
                LEFT JOIN {post} p ON p.thread_id = t.id
                WHERE t.id >= %s GROUP BY t.id""",  # nosec B608 - table names come from the models, values are placeholders
            [first_thread],
        )
        _update_from(
            cursor,
            board,
            {
                "thread_count": "threads",
                "post_count": "posts",
                "last_activity_at": "last",
            },
            f"""SELECT b.id, COUNT(t.id) AS threads,
                    COALESCE(SUM(p.posts), 0) AS posts,
                    MAX(t.last_activity_at) AS last
                FROM {board} b
                LEFT JOIN {thread} t ON t.board_id = b.id AND {public("t")}
                LEFT JOIN (
                    SELECT thread_id, COUNT(*) AS posts FROM {post} p
                    WHERE {public("p")} GROUP BY thread_id
                ) p ON p.thread_id = t.id
                GROUP BY b.id""",  # nosec B608 - table names come from the models, values are placeholders
        )
        _update_from(
            cursor,
            user,
            {
                "kudos_received": "kudos",
                "post_count": "posts",
                "solution_count": "solutions",
                "reputation": "reputation",
            },
            f"""SELECT u.id, COALESCE(p.kudos, 0) AS kudos,
                    COALESCE(p.posts, 0) AS posts,
                    COALESCE(s.solutions, 0) AS solutions,
                    COALESCE(p.kudos, 0) * {reputation.KUDOS_POINTS:d}
                    + COALESCE(s.solutions, 0) * {reputation.SOLUTION_POINTS:d}
                    AS reputation
                FROM {user} u
                LEFT JOIN (
                    SELECT author_id, SUM(kudos_count) AS kudos,
                        SUM(CASE WHEN {public("p")} THEN 1 ELSE 0 END) AS posts
                    FROM {post} p GROUP BY author_id
                ) p ON p.author_id = u.id
                LEFT JOIN (
                    SELECT s.author_id, COUNT(*) AS solutions FROM {thread} t
                    JOIN {post} s ON s.id = t.solution_post_id
                    WHERE t.author_id IS NULL OR t.author_id <> s.author_id
                    GROUP BY s.author_id
                ) s ON s.author_id = u.id""",  # nosec B608 - table names come from the models, values are placeholders
        )


def _update_from(cursor, table: str, columns: dict[str, str], source: str, params=()):
    """Set ``table``'s columns to the ``source`` query's (keyed by ``id``) where
    they differ: an unchanged row is not rewritten (nor are its index entries)."""
    quote = connection.ops.quote_name
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    assignments = ", ".join(
        f"{quote(col)} = c.{value}" for col, value in columns.items()
    )
    changed = " OR ".join(
        f"{table}.{quote(col)} {distinct} c.{value}" for col, value in columns.items()
    )
    cursor.execute(
        f"UPDATE {table} SET {assignments} FROM ({source}) c "  # noqa: S608  # nosec B608
        f"WHERE {table}.id = c.id AND ({changed})",
        params,
    )


def seed_bulk(options: BulkOptions, *, log=print) -> None:
    """Load the whole synthetic community in one transaction, logging each phase
    with its duration."""
    from demo.bulk_journeys import seed_journeys  # builds on write_rows above
    from forum.deflection.services.aggregation import build_deflection_stats

    rng = random.Random(options.seed)  # seeded demo data, not security  # nosec B311
    clock = time.monotonic()

    def phase(message: str) -> None:
        nonlocal clock
        log(f"{message} ({time.monotonic() - clock:.1f} s)")
        clock = time.monotonic()

    # The deflection tables are filled by the full rebuild below, in this
    # transaction: loaded in bulk as much as ours.
    stats = [Journey, DailyBoardStats, DailyQueryStats, DailyThreadStats]
    loaded = [Thread, Post, TaggedItem, Kudos, JourneyEvent, *stats]
    with transaction.atomic(), _foreign_keys_checked_after(loaded):
        user_ids = seed_users(options, rng)
        phase(f"users: {len(user_ids)}")
        boards = seed_boards(options)
        # The counters are written while the indexes are away too: an updated row
        # would otherwise add an entry to every index of its table.
        with _indexes_built_after([Thread, Post, TaggedItem, Kudos]):
            first_thread, first_post, posts = seed_threads_and_posts(
                options, rng, user_ids, boards
            )
            last_thread = first_thread + options.threads - 1
            phase(f"threads: {options.threads}, posts: {len(posts)}")
            seed_tags(rng, first_thread, last_thread)
            seed_kudos(options, rng, user_ids, posts)
            phase("tags and kudos")
            _analyze([User, Thread, Post, Kudos])
            recount(first_thread, first_post)
            phase("counters rebuilt")
        phase("indexes built")
        if options.journeys:
            with _indexes_built_after([JourneyEvent]):
                events = seed_journeys(
                    journeys=options.journeys,
                    days=options.days,
                    rng=rng,
                    user_ids=user_ids,
                    board_ids=[board.pk for board in boards],
                    threads=range(first_thread, last_thread + 1),
                )
            _analyze([JourneyEvent])
            phase(f"journeys: {options.journeys}, events: {events}")
            with _indexes_built_after(stats):
                built = build_deflection_stats(full=True)
            phase(
                f"deflection stats: {built['journeys']} journeys, "
                f"{len(built['days'])} days"
            )
        reset_sequences()
    phase("foreign keys checked and saved")


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
