"""Counters recomputed from the rows after a moderation action.

Everyday writes keep counters exact with F() updates; moderation actions change
which posts count (hidden, approved, moved, merged), so they recount what they
touched. Counters include only public posts: approved and not hidden.
"""

from collections.abc import Iterable

from django.db.models import Count, F, Max, Min, Sum

from accounts.models import User
from forum import reputation
from forum.models import Board, MeToo, Post, Thread


def recount_thread(thread_id: int) -> None:
    """Replies, kudos, "me too"s, last activity and first response of one thread."""
    thread = Thread.objects.only("id", "author_id", "first_post_id", "created_at").get(
        pk=thread_id
    )
    public = Post.objects.filter(thread_id=thread_id).public()
    replies = public.exclude(pk=thread.first_post_id)
    last = public.order_by("-created_at", "-id").values("created_at", "author_id")
    last = last.first() or {"created_at": thread.created_at, "author_id": None}
    # Posts merged in from an older thread may predate this question; only replies
    # after it was asked answer it.
    helpers = replies.filter(created_at__gte=thread.created_at)
    if thread.author_id is not None:
        helpers = helpers.exclude(author_id=thread.author_id)
    kudos = Post.objects.filter(thread_id=thread_id).aggregate(n=Sum("kudos_count"))
    Thread.objects.filter(pk=thread_id).update(
        reply_count=replies.count(),
        kudos_count=kudos["n"] or 0,
        me_too_count=MeToo.objects.filter(thread_id=thread_id).count(),
        last_activity_at=last["created_at"],
        last_poster_id=last["author_id"],
        first_response_at=helpers.aggregate(first=Min("created_at"))["first"],
    )


def recount_board(board_id: int) -> None:
    """Threads, posts and last activity of one board, from its public threads."""
    threads = Thread.objects.filter(board_id=board_id).public()
    totals = threads.aggregate(n=Count("id"), last=Max("last_activity_at"))
    posts = Post.objects.public().filter(thread__in=threads).count()
    Board.objects.filter(pk=board_id).update(
        thread_count=totals["n"], post_count=posts, last_activity_at=totals["last"]
    )


def recount_users(user_ids: Iterable[int | None]) -> None:
    """Post and solution counts and reputation of these members."""
    for user_id in {pk for pk in user_ids if pk is not None}:
        solutions = (
            Thread.objects.filter(solution_post__author_id=user_id)
            .exclude(author_id=user_id)
            .count()
        )
        User.objects.filter(pk=user_id).update(
            post_count=Post.objects.public().filter(author_id=user_id).count(),
            solution_count=solutions,
            reputation=F("kudos_received") * reputation.KUDOS_POINTS
            + solutions * reputation.SOLUTION_POINTS,
        )


def recount(*, threads=(), boards=(), users=()) -> None:
    """Recount everything an action touched (ids; duplicates and None ignored)."""
    for thread_id in {pk for pk in threads if pk is not None}:
        recount_thread(thread_id)
    for board_id in {pk for pk in boards if pk is not None}:
        recount_board(board_id)
    recount_users(users)
