"""The socket as the ASGI application serves it: only this site's pages may open
it, and it knows the signed-in member from the session cookie."""

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.asgi import application
from forum import services
from tests.factories import ThreadFactory, UserFactory
from tests.live.conftest import RECEIVE_SECONDS, hears_nothing, receive, run


def _socket(*, origin: bytes, cookie: str = "", query: str = ""):
    headers = [(b"origin", origin), (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, f"/ws/live/?{query}", headers=headers)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def test_a_page_of_another_site_may_not_open_the_socket():
    async def scenario():
        socket = _socket(origin=b"https://evil.example")
        connected, _ = await socket.connect(timeout=RECEIVE_SECONDS)
        assert not connected

    run(scenario)


def test_the_socket_knows_the_signed_in_member_from_the_session():
    thread = ThreadFactory()
    follower = UserFactory(username="fiona")
    services.follow_thread(thread, by=follower)
    cookie = _session_cookie(follower)
    rita = UserFactory(username="rita")

    async def scenario():
        socket = _socket(origin=b"http://localhost", cookie=cookie)
        connected, _ = await socket.connect(timeout=RECEIVE_SECONDS)
        assert connected
        await database_sync_to_async(services.post_reply)(
            thread, author=rita, body="Try the reset button."
        )
        assert (await receive(socket))["kind"] == "notifications"
        await socket.disconnect()

    run(scenario)


def test_without_a_session_the_socket_is_a_visitors():
    thread = ThreadFactory()
    follower = UserFactory(username="fiona")
    services.follow_thread(thread, by=follower)
    rita = UserFactory(username="rita")

    async def scenario():
        socket = _socket(origin=b"http://localhost")
        connected, _ = await socket.connect(timeout=RECEIVE_SECONDS)
        assert connected
        await database_sync_to_async(services.post_reply)(
            thread, author=rita, body="Try the reset button."
        )
        assert await hears_nothing(socket)
        await socket.disconnect()

    run(scenario)
