"""Arrangements shared by the desk's page tests and its browser journeys."""

from datetime import timedelta

from django.utils import timezone

from forum.search.indexing import index_thread
from tests.factories import PostFactory, ThreadFactory, make_case


def solved_thread(title: str, body: str = "", *, solution: str, **fields):
    """A thread with an accepted reply, indexed, so the desk's suggestions find it."""
    thread = ThreadFactory(title=title, body=body or title, **fields)
    thread.solution_post = PostFactory(thread=thread, body=solution)
    thread.save(update_fields=["solution_post"])
    index_thread(thread.pk)
    return thread


def case_opened(minutes_ago: int, **fields):
    """A case whose customer wrote ``minutes_ago``: with the default targets
    (first response within 60 minutes) it is overdue after an hour."""
    opened_at = timezone.now() - timedelta(minutes=minutes_ago)
    return make_case(opened_at=opened_at, **fields)
