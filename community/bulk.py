"""Fast synthetic data for benchmarks: `manage.py seed_bulk`.

Rows are generated in Python from a fixed seed and written with PostgreSQL's COPY (or
batched inserts on SQLite); counters, first posts and solutions are then set with a
few set-based UPDATEs, never row by row.
"""

import json
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.models import User
from forum import reputation
from forum.deflection.models import JourneyEvent
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


class _RowTemplate:
    """A model's columns in table order, with each field's default filled in once,
    so building a row is a copy and a few assignments (millions of rows)."""

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.defaults = [
            None if field.primary_key else field.get_default() for field in fields
        ]
        self.index = {field.attname: n for n, field in enumerate(fields)}
        # COPY takes JSON as text.
        self.json = [
            n for n, field in enumerate(fields) if isinstance(field, models.JSONField)
        ]

    def row(self, values: dict) -> list:
        row = self.defaults.copy()
        for name, value in values.items():
            row[self.index[name]] = value
        for n in self.json:
            row[n] = json.dumps(row[n])
        return row


def write_rows(model: type[models.Model], rows: Iterable[dict]) -> None:
    """Insert many rows: COPY on PostgreSQL, batched INSERTs elsewhere. Rows must
    carry their primary key."""
    fields = model._meta.concrete_fields
    columns = [field.column for field in fields]
    if connection.vendor == "postgresql":
        template = _RowTemplate(model)
        table = connection.ops.quote_name(model._meta.db_table)
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        statement = f"COPY {table} ({column_list}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(template.row(row))
        return
    batch = []
    for row in rows:
        batch.append(model(**row))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


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
) -> tuple[int, int]:
    """Threads with first posts and Zipf-distributed replies; returns id ranges."""
    first_thread, first_post = _next_id(Thread), _next_id(Post)
    now = timezone.now()
    replies = _reply_counts(
        rng, options.threads, max(options.posts - options.threads, 0)
    )
    thread_rows, post_rows = [], []
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
        for when, poster in zip(times, posters, strict=True):
            post_id += 1
            post_rows.append(_post_row(rng, post_id, thread_id, poster, when))
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
                "first_post_id": None,
                "reply_count": len(times),
                "created_at": created,
                "last_activity_at": times[-1] if times else created,
                "last_poster_id": posters[-1] if posters else author,
                "first_response_at": first_response,
                "view_count": rng.randint(0, 5_000),
                "solution_post_id": None,
                "accepted_at": (times[0] + timedelta(hours=2)) if solved else None,
                "accepted_by_id": author if solved else None,
                "accepted_as": rng.choice(list(AcceptedAs.values)) if solved else "",
            }
        )
        if len(post_rows) >= 50_000:
            _flush(thread_rows, post_rows)
            thread_rows, post_rows = [], []
    _flush(thread_rows, post_rows)
    return first_thread, first_post


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


def link_first_posts_and_solutions(first_thread: int) -> None:
    """First post = the thread's oldest post; solution = its first reply, for
    threads marked accepted. Set-based, so fast at any size."""
    Thread.objects.filter(pk__gte=first_thread).update(
        first_post_id=models.Subquery(
            Post.objects.filter(thread_id=models.OuterRef("pk"))
            .order_by("created_at", "id")
            .values("pk")[:1]
        )
    )
    Thread.objects.filter(pk__gte=first_thread, accepted_at__isnull=False).update(
        solution_post_id=models.Subquery(
            Post.objects.filter(thread_id=models.OuterRef("pk"))
            .exclude(pk=models.OuterRef("first_post_id"))
            .order_by("created_at", "id")
            .values("pk")[:1]
        )
    )


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
    options: BulkOptions, rng: random.Random, user_ids: list[int], first_post: int
) -> None:
    """Kudos on a share of replies from distinct members, then exact counters."""
    # Read everything before COPY starts: the connection can't run a query mid-COPY.
    posts = list(Post.objects.filter(pk__gte=first_post).values_list("pk", "author_id"))
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
    """Counters on posts, threads, boards and members from the rows themselves."""
    Post.objects.filter(pk__gte=first_post).update(
        kudos_count=models.functions.Coalesce(
            models.Subquery(
                Kudos.objects.filter(post_id=models.OuterRef("pk"))
                .values("post_id")
                .annotate(n=models.Count("id"))
                .values("n")
            ),
            0,
        )
    )
    Thread.objects.filter(pk__gte=first_thread).update(
        kudos_count=models.functions.Coalesce(
            models.Subquery(
                Post.objects.filter(thread_id=models.OuterRef("pk"))
                .values("thread_id")
                .annotate(n=models.Sum("kudos_count"))
                .values("n")
            ),
            0,
        )
    )
    for board in Board.objects.all():
        threads = Thread.objects.filter(board=board)
        board.thread_count = threads.count()
        board.post_count = Post.objects.filter(thread__board=board).count()
        board.last_activity_at = threads.aggregate(m=models.Max("last_activity_at"))[
            "m"
        ]
        board.save(update_fields=["thread_count", "post_count", "last_activity_at"])
    _recount_members()


def _recount_members() -> None:
    kudos = (
        Post.objects.filter(author_id=models.OuterRef("pk"))
        .values("author_id")
        .annotate(n=models.Sum("kudos_count"))
        .values("n")
    )
    posts = (
        Post.objects.filter(author_id=models.OuterRef("pk"))
        .values("author_id")
        .annotate(n=models.Count("id"))
        .values("n")
    )
    solutions = (
        Thread.objects.filter(solution_post__author_id=models.OuterRef("pk"))
        .values("solution_post__author_id")
        .annotate(n=models.Count("id"))
        .values("n")
    )
    User.objects.update(
        kudos_received=models.functions.Coalesce(models.Subquery(kudos), 0),
        post_count=models.functions.Coalesce(models.Subquery(posts), 0),
        solution_count=models.functions.Coalesce(models.Subquery(solutions), 0),
    )
    User.objects.update(
        reputation=models.F("kudos_received") * reputation.KUDOS_POINTS
        + models.F("solution_count") * reputation.SOLUTION_POINTS
    )


def seed_bulk(options: BulkOptions, *, log=print) -> None:
    """Load the whole synthetic community in one transaction, logging each phase
    with its duration."""
    from community.bulk_journeys import seed_journeys  # builds on write_rows above
    from forum.deflection.services.aggregation import build_deflection_stats

    rng = random.Random(options.seed)  # seeded demo data, not security  # nosec B311
    clock = time.monotonic()

    def phase(message: str) -> None:
        nonlocal clock
        log(f"{message} ({time.monotonic() - clock:.1f} s)")
        clock = time.monotonic()

    with transaction.atomic():
        user_ids = seed_users(options, rng)
        phase(f"users: {len(user_ids)}")
        boards = seed_boards(options)
        first_thread, first_post = seed_threads_and_posts(
            options, rng, user_ids, boards
        )
        last_thread = first_thread + options.threads - 1
        posts = Post.objects.filter(pk__gte=first_post).count()
        phase(f"threads: {options.threads}, posts: {posts}")
        link_first_posts_and_solutions(first_thread)
        phase("first posts and solutions linked")
        seed_tags(rng, first_thread, last_thread)
        seed_kudos(options, rng, user_ids, first_post)
        phase("tags and kudos")
        recount(first_thread, first_post)
        phase("counters rebuilt")
        if options.journeys:
            events = seed_journeys(
                journeys=options.journeys,
                days=options.days,
                rng=rng,
                user_ids=user_ids,
                board_ids=[board.pk for board in boards],
                threads=range(first_thread, last_thread + 1),
            )
            phase(f"journeys: {options.journeys}, events: {events}")
            built = build_deflection_stats(full=True)
            phase(
                f"deflection stats: {built['journeys']} journeys, "
                f"{len(built['days'])} days"
            )
        reset_sequences()


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
