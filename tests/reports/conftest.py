from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import AcceptedAs, Thread
from tests.factories import PostFactory, ThreadFactory


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def asked(board, *, author=None, when, answer_after=None, solve_after=None):
    """A question asked ``when``; answered (a reply by someone else) and solved
    after the given waits."""
    extra = {} if author is None else {"author": author}
    thread = ThreadFactory(board=board, created_at=when, **extra)
    if answer_after is not None:
        reply = PostFactory(thread=thread, created_at=when + answer_after)
        Thread.objects.filter(pk=thread.pk).update(
            first_response_at=when + answer_after
        )
        if solve_after is not None:
            Thread.objects.filter(pk=thread.pk).update(
                solution_post=reply,
                accepted_at=when + solve_after,
                accepted_as=AcceptedAs.ASKER,
            )
    thread.refresh_from_db()
    return thread
