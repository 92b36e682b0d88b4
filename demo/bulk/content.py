"""Members, boards, threads with their posts, tags and kudos."""

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.models import User
from demo.bulk.options import BulkOptions
from demo.bulk.rows import _next_id, write_rows
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
