"""Consumers under test: each test drives real WebSocket connections through
channels' communicator, on the configured channel layer (in memory, or Redis when
REDIS_URL is set). The consumers read the database from other threads, so these
tests commit their data (``transactional_db``)."""

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import connections

from forum.live.consumers import LiveConsumer

# Generous: a process's first reply and first thread rendering (indexing, templates,
# Markdown) took over 30 s on a busy machine, and the message may cross Redis.
RECEIVE_SECONDS = 60
# How long "nothing arrives" is watched for.
QUIET_SECONDS = 0.5


def run(scenario) -> None:
    """Run an async scenario from a test, in a thread of its own: once a browser test
    ran in this process, Playwright keeps an event loop running in the test thread,
    where ``async_to_sync`` refuses to start. The scenario's database work happens in
    that thread, whose connections are closed after it."""

    def in_own_thread():
        try:
            async_to_sync(scenario)()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(in_own_thread).result()


async def open_socket(user=None, **query) -> WebsocketCommunicator:
    """A page's socket, connected as ``user`` (a visitor by default)."""
    communicator = WebsocketCommunicator(
        LiveConsumer.as_asgi(), f"/ws/live/?{urlencode(query)}"
    )
    communicator.scope["user"] = user or AnonymousUser()
    connected, _ = await communicator.connect(timeout=RECEIVE_SECONDS)
    assert connected
    return communicator


async def receive(communicator: WebsocketCommunicator) -> dict:
    return await communicator.receive_json_from(timeout=RECEIVE_SECONDS)


async def hears_nothing(communicator: WebsocketCommunicator) -> bool:
    return await communicator.receive_nothing(timeout=QUIET_SECONDS)


@pytest.fixture(autouse=True)
def _committed_data(transactional_db):
    """Every test here commits what it arranges."""
