"""On a real primary and streaming replica: where reads go, read-your-writes, and
what never reaches the replica."""

import time

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import create_api_token
from forum.models import Post, Thread
from forum.search import index_thread
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

REPLICA = "replica_1"


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def selects(captured) -> list[str]:
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")
    ]


def test_a_visitors_pages_are_read_from_the_replica(client, cluster):
    thread = ThreadFactory(title="Modem drops out every evening")
    index_thread(thread.pk)
    cluster.wait_until_replayed()

    with queries_on("default") as primary, queries_on(REPLICA) as replica:
        for url in ("/", thread.get_absolute_url(), "/search/?q=modem+drops"):
            response = client.get(url)
            assert response.status_code == 200, url

    assert selects(replica), "no read reached the replica"
    assert not selects(primary), selects(primary)
    assert b"drops out every evening" in client.get("/search/?q=modem").content


def test_a_member_sees_their_own_reply_while_the_replica_lags(
    client, settings, cluster
):
    settings.REPLICA_MAX_LAG_SECONDS = 600  # behind, but allowed to serve
    thread = ThreadFactory(title="eSIM will not activate")
    member = UserFactory(username="riley")
    cluster.wait_until_replayed()
    cluster.pause_replay()
    client.force_login(member)

    response = client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "Scanning the QR code again from Settings fixed it for me."},
        follow=True,
    )

    assert response.status_code == 200
    assert b"Scanning the QR code again" in response.content
    assert "primary_until" in response.cookies or "primary_until" in client.cookies
    # Someone else, not kept on the primary, reads the replica's older page.
    stranger = type(client)()
    assert (
        b"Scanning the QR code again"
        not in stranger.get(thread.get_absolute_url()).content
    )

    cluster.resume_replay()
    cluster.wait_until_replayed()
    assert (
        b"Scanning the QR code again" in stranger.get(thread.get_absolute_url()).content
    )


def api_as(user) -> APIClient:
    client = APIClient()
    token = create_api_token(user, name="replica tests")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_an_api_client_reads_what_it_just_wrote(board, settings, cluster):
    settings.REPLICA_MAX_LAG_SECONDS = 600
    author, other = api_as(UserFactory()), api_as(UserFactory())
    cluster.wait_until_replayed()
    cluster.pause_replay()

    created = author.post(
        "/api/v1/threads/",
        {"board": board.slug, "title": "Voicemail PIN reset", "body": "How?"},
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/threads/{created.json()['id']}/"

    assert author.get(url).status_code == 200  # kept on the primary
    assert other.get(url).status_code == 404  # the replica has not replayed it


def test_a_replica_that_lags_too_far_is_skipped(client, settings, cluster):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    cluster.wait_until_replayed()
    cluster.pause_replay()
    thread = ThreadFactory(title="Roaming charges in Bali")
    cluster.wait_until_received()
    time.sleep(0.6)  # the replica's lag is the age of what it last replayed

    with queries_on(REPLICA) as replica:
        page = client.get(thread.get_absolute_url())

    assert page.status_code == 200
    assert b"Roaming charges in Bali" in page.content
    assert not selects(replica)
    from community.replicas import health

    assert "lags" in health.check(REPLICA).reason

    cluster.resume_replay()
    cluster.wait_until_replayed()
    with queries_on(REPLICA) as replica:
        assert client.get(thread.get_absolute_url()).status_code == 200
    assert selects(replica)


def test_writes_transactions_and_locks_never_touch_the_replica(client, cluster):
    from community.replicas.state import request_scope

    thread = ThreadFactory()
    cluster.wait_until_replayed()

    with queries_on(REPLICA) as replica, request_scope(replica_reads=True):
        with transaction.atomic():
            Thread.objects.get(pk=thread.pk)
        with transaction.atomic():
            Thread.objects.select_for_update().get(pk=thread.pk)
        Post.objects.filter(thread=thread).update(body="edited")
        Thread.objects.get(pk=thread.pk)  # after a write: the primary
    assert not replica.captured_queries

    member = UserFactory()
    client.force_login(member)
    with queries_on(REPLICA) as replica:
        client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Same here."})
    assert not replica.captured_queries


def test_the_periodic_jobs_read_only_the_primary(cluster):
    from community.replicas.state import request_scope
    from forum.deflection.services.periodic import run_periodic_jobs

    cluster.wait_until_replayed()
    with queries_on(REPLICA) as replica, request_scope(replica_reads=True):
        run = run_periodic_jobs()

    assert run is not None and not run.failed
    assert not replica.captured_queries


def test_a_page_read_from_a_lagging_replica_is_not_cached_for_later_readers(
    client, settings, cluster
):
    settings.PAGE_CACHE_ENABLED = True
    settings.REPLICA_MAX_LAG_SECONDS = 600  # behind, but allowed to serve
    thread = ThreadFactory(title="Bill higher than usual")
    member = UserFactory(username="sasha")
    cluster.wait_until_replayed()
    url = thread.get_absolute_url()
    type(client)().get(url)  # cached while the replica is in step
    cluster.pause_replay()
    client.force_login(member)

    client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "The roaming pack renewed itself; support refunded it."},
    )
    visitor = type(client)()
    assert b"roaming pack renewed" not in visitor.get(url).content  # the replica's
    assert b"roaming pack renewed" in client.get(url).content  # the writer's

    cluster.resume_replay()
    cluster.wait_until_replayed()
    assert b"roaming pack renewed" in type(client)().get(url).content
    assert b"roaming pack renewed" in visitor.get(url).content
