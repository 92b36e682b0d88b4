"""Counters set from the loaded rows, one grouped UPDATE per table."""

from django.db import connection

from accounts.models import User
from forum import reputation
from forum.models import Board, Kudos, Post, Thread


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
