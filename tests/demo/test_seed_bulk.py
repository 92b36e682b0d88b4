from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Sum
from taggit.models import TaggedItem

from accounts.models import User
from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Journey,
    JourneyEvent,
)
from forum.models import Board, Kudos, Post, Thread
from forum.moderation.counters import recount

pytestmark = pytest.mark.django_db


def test_seed_bulk_loads_consistent_data():
    call_command(
        "seed_bulk",
        users=20,
        boards=2,
        threads=30,
        posts=200,
        journeys=0,
        stdout=StringIO(),
    )

    threads = Thread.objects.all()
    assert threads.count() == 30
    assert Post.objects.count() == 200
    assert not threads.filter(first_post__isnull=True).exists()
    for thread in threads.select_related("first_post", "solution_post"):
        assert thread.first_post.thread_id == thread.pk
        assert thread.reply_count == thread.posts.count() - 1
        if thread.solution_post_id:
            assert thread.solution_post.thread_id == thread.pk
            assert thread.solution_post_id != thread.first_post_id
    assert sum(b.post_count for b in Board.objects.all()) == 200
    kudos = Kudos.objects.count()
    assert sum(p.kudos_count for p in Post.objects.all()) == kudos
    assert sum(u.kudos_received for u in User.objects.all()) == kudos
    assert not Kudos.objects.filter(user_id=F("post__author_id")).exists()


def _counters() -> dict:
    return {
        "threads": list(
            Thread.objects.order_by("pk").values(
                "pk",
                "reply_count",
                "kudos_count",
                "me_too_count",
                "last_activity_at",
                "last_poster_id",
                "first_response_at",
            )
        ),
        "boards": list(
            Board.objects.order_by("pk").values(
                "pk", "thread_count", "post_count", "last_activity_at"
            )
        ),
        "members": list(
            User.objects.order_by("pk").values(
                "pk", "kudos_received", "post_count", "solution_count", "reputation"
            )
        ),
    }


def test_seed_bulk_counters_equal_a_recount_from_the_rows():
    # Three members: many threads are solved by their own asker, which earns nothing.
    call_command(
        "seed_bulk",
        users=3,
        boards=3,
        threads=60,
        posts=400,
        journeys=0,
        stdout=StringIO(),
    )
    seeded = _counters()

    recount(
        threads=Thread.objects.values_list("pk", flat=True),
        boards=Board.objects.values_list("pk", flat=True),
        users=User.objects.values_list("pk", flat=True),
    )

    assert _counters() == seeded
    assert Thread.objects.filter(solution_post__author_id=F("author_id")).exists()
    posts = Post.objects.annotate(n=Count("kudos"))
    assert not posts.exclude(kudos_count=F("n")).exists()
    threads = Thread.objects.annotate(n=Count("posts__kudos"))
    assert not threads.exclude(kudos_count=F("n")).exists()
    members = User.objects.annotate(n=Count("posts__kudos"))
    assert not members.exclude(kudos_received=F("n")).exists()
    assert Kudos.objects.exists()


def test_seed_bulk_links_each_thread_to_its_oldest_post_and_first_reply():
    call_command(
        "seed_bulk",
        users=5,
        boards=2,
        threads=30,
        posts=200,
        journeys=0,
        stdout=StringIO(),
    )

    for thread in Thread.objects.all():
        first, *replies = thread.posts.order_by("created_at", "id")
        assert thread.first_post_id == first.pk
        if thread.accepted_at is not None:
            assert thread.solution_post_id == replies[0].pk
        else:
            assert thread.solution_post_id is None
    assert Thread.objects.filter(solution_post__isnull=False).exists()


def _schema(models) -> dict:
    with connection.cursor() as cursor:
        return {
            model._meta.db_table: connection.introspection.get_constraints(
                cursor, model._meta.db_table
            )
            for model in models
        }


def test_seed_bulk_leaves_every_index_and_foreign_key_in_place():
    models = [
        Thread,
        Post,
        Kudos,
        TaggedItem,
        JourneyEvent,
        Journey,
        DailyBoardStats,
        DailyQueryStats,
        DailyThreadStats,
    ]
    before = _schema(models)

    call_command(
        "seed_bulk",
        users=5,
        boards=2,
        threads=10,
        posts=40,
        journeys=30,
        stdout=StringIO(),
    )

    assert _schema(models) == before


def test_seed_bulk_refuses_impossible_sizes():
    with pytest.raises(CommandError):
        call_command("seed_bulk", threads=10, posts=5, stdout=StringIO())


def test_seed_bulk_loads_journeys_and_builds_their_aggregates():
    output = StringIO()

    call_command(
        "seed_bulk",
        users=20,
        boards=3,
        threads=40,
        posts=120,
        journeys=400,
        days=10,
        stdout=output,
    )

    assert Journey.objects.count() == 400
    assert JourneyEvent.objects.values("journey_id").distinct().count() == 400
    assert JourneyEvent.objects.count() > 2 * 400
    kinds = set(JourneyEvent.objects.values_list("kind", flat=True))
    assert {"search", "result_click", "thread_view", "ticket_submitted"} <= kinds
    ended = Journey.objects.filter(is_ended=True)
    totals = DailyBoardStats.objects.aggregate(
        journeys=Sum("journeys"), searched=Sum("searched_journeys")
    )
    deflected = DailyBoardStats.objects.aggregate(n=Sum("deflected"))["n"]
    assert totals["journeys"] == ended.count()
    assert 0.6 < deflected / totals["searched"] < 0.97  # a plausible deflection rate
    assert DailyQueryStats.objects.filter(zero_result_searches__gt=0).exists()
    assert DailyThreadStats.objects.filter(deflected__gt=0).exists()
    assert DailyBoardStats.objects.values("day").distinct().count() >= 9
    assert "journeys: 400" in output.getvalue()


def test_seed_bulk_refuses_negative_journeys():
    with pytest.raises(CommandError):
        call_command("seed_bulk", journeys=-1, stdout=StringIO())
