from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from accounts.models import User
from forum.models import Board, Kudos, Post, Thread

pytestmark = pytest.mark.django_db


def test_seed_bulk_loads_consistent_data():
    call_command(
        "seed_bulk", users=20, boards=2, threads=30, posts=200, stdout=StringIO()
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


def test_seed_bulk_refuses_impossible_sizes():
    with pytest.raises(CommandError):
        call_command("seed_bulk", threads=10, posts=5, stdout=StringIO())
