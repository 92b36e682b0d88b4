"""A community whose every user-written field can be swapped for hostile text,
shared by the page tests and the browser test."""

from collections import Counter
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from forum import services
from forum.markdown import render_markdown
from forum.models import Post, Thread
from forum.moderation.models import AuditEntry, Flag
from forum.notifications.models import Notification
from forum.search.indexing import index_threads
from tests.factories import BoardFactory, UserFactory
from tests.html_safety import unsafe_parts

WORD = "zebra"


def build(size: int):
    """``size`` threads, replies, authors, flags and notifications, all benign."""
    board = BoardFactory(name="Mobile", slug="mobile")
    asker = UserFactory(username="asker")
    moderator = UserFactory(username="moderator", role=Role.MODERATOR)
    manager = UserFactory(username="manager", role=Role.MANAGER)
    authors = [UserFactory(username=f"writer{i}") for i in range(size)]
    threads = [
        services.create_thread(
            board=board, author=asker, title=f"{WORD} benign {i}", body="Benign body."
        )
        for i in range(size)
    ]
    replies = [
        services.post_reply(threads[0], author=author, body=f"Benign reply {i}.")
        for i, author in enumerate(authors)
    ]
    for i, reply in enumerate(replies):
        Flag.objects.create(post=reply, user=asker, reason="other", note=f"note {i}")
        Notification.objects.create(
            recipient=asker,
            kind="reply",
            thread=threads[i],
            post=reply,
            actor=authors[i],
        )
    User.objects.filter(pk__in=[a.pk for a in authors]).update(
        suspended_until=timezone.now() + timedelta(days=3),
        suspension_reason="benign reason",
    )
    return {
        "board": board,
        "asker": asker,
        "moderator": moderator,
        "manager": manager,
        "authors": authors,
        "threads": threads,
        "replies": replies,
    }


def make_hostile(community, payloads: list[str]) -> None:
    """Put a payload into every user-written field."""
    for i, thread in enumerate(community["threads"]):
        payload = payloads[i % len(payloads)]
        Thread.objects.filter(pk=thread.pk).update(title=f"{WORD} {payload}"[:150])
        body = "\n\n".join(payloads)
        Post.objects.filter(pk=thread.first_post_id).update(
            body=body, body_html=render_markdown(body)
        )
    for i, (author, reply) in enumerate(
        zip(community["authors"], community["replies"], strict=True)
    ):
        payload = payloads[i % len(payloads)]
        User.objects.filter(pk=author.pk).update(
            display_name=payload[: User.DISPLAY_NAME_MAX_LENGTH],
            bio=payload,
            suspension_reason=payload[:500],
        )
        Post.objects.filter(pk=reply.pk).update(
            body=payload, body_html=render_markdown(payload)
        )
        Flag.objects.filter(post=reply).update(note=payload[:500])
    AuditEntry.objects.update(reason=payloads[0])
    index_threads([t.pk for t in community["threads"]])


def pages(community) -> list[tuple[object, str]]:
    """(viewer, address) of every page that shows user-written text."""
    threads, authors = community["threads"], community["authors"]
    return [
        (None, threads[0].get_absolute_url()),
        (None, f"/b/{community['board'].slug}/"),
        (None, f"/search/?q={WORD}"),
        (None, f"/u/{authors[0].username}/"),
        (community["moderator"], "/moderation/"),
        (community["moderator"], "/moderation/?show=flagged"),
        (community["moderator"], "/moderation/log/"),
        (community["moderator"], f"/moderation/members/{authors[0].username}/"),
        (community["asker"], "/notifications/"),
        (community["manager"], "/reports/deflection/"),
    ]


def fetch(viewer, url: str) -> str:
    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def problems(html: str) -> Counter:
    return Counter(unsafe_parts(html))
