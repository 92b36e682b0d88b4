"""Live updates in a real browser: what one member writes appears on another
member's open page, without a reload, over the site's own WebSocket.

WebSockets need the ASGI application, which pytest-django's live server (WSGI)
does not serve: uvicorn serves it here from a thread, one server per module."""

import socket
import threading
import time
from types import SimpleNamespace

import pytest
import uvicorn
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import expect

from community.asgi import application
from tests.factories import PASSWORD, BoardFactory, ThreadFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # WhiteNoise hands the static files to the ASGI handler as a synchronous stream.
    pytest.mark.filterwarnings(
        "ignore:StreamingHttpResponse must consume synchronous iterators"
    ),
]


@pytest.fixture(scope="module")
def asgi_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(
        uvicorn.Config(application, ws="wsproto", lifespan="off", log_level="warning")
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the ASGI server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    listener.close()


@pytest.fixture
def live_site(asgi_server, transactional_db, monkeypatch):
    """The server's address, reading the test database. SQLite's in-memory test
    database lives in one connection: every thread of the server (each request has
    its own, the sockets another) is handed the test's connection, as Django's own
    live server does for its one thread."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield asgi_server
        return
    monkeypatch.setattr(
        connections, "_connections", SimpleNamespace(**{DEFAULT_DB_ALIAS: connection})
    )
    connection.inc_thread_sharing()
    yield asgi_server
    connection.dec_thread_sharing()


@pytest.fixture
def open_page(browser, live_site):
    """A signed-in member's page in a browser context of its own, recording any
    content security policy violation it reports."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(base_url=live_site)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.violations = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and page.violations.append(message.text)
            ),
        )
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        expect(page.locator(".user-chip")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_second_members_reply_appears_live_on_the_first_members_page(open_page):
    alice = UserFactory(username="alice", display_name="Alice")
    UserFactory(username="bob", display_name="Bob")
    thread = ThreadFactory(
        board=BoardFactory(name="NBN and Internet"),
        author=alice,
        title="Modem restarts every night",
    )

    alice_page = open_page("alice")
    alice_page.goto(thread.get_absolute_url())
    expect(alice_page.locator("#live-announcer")).to_have_attribute(
        "data-live-state", "open"
    )
    # Survives only as long as the page is not reloaded.
    alice_page.evaluate("window.stillTheSamePage = true")

    bob_page = open_page("bob")
    bob_page.goto(thread.get_absolute_url())
    bob_page.get_by_role("textbox", name="Your reply").fill(
        "Turn off the modem's power saving mode."
    )
    bob_page.get_by_role("button", name="Post reply").click()

    new_reply = alice_page.locator(".replies article.post", has_text="power saving")
    expect(new_reply).to_be_visible()
    expect(new_reply).to_have_class("post live-new")
    expect(alice_page.locator("#live-announcer")).to_have_text("New reply from Bob")
    expect(alice_page.locator("#replies-heading")).to_contain_text("1 reply")
    assert alice_page.evaluate("window.stillTheSamePage") is True
    # The inserted reply's forms work: kudos carry the page's CSRF token.
    new_reply.get_by_role("button", name="Give kudos").click()
    expect(new_reply.locator(".count")).to_have_text("1")
    assert alice_page.violations == []
    assert bob_page.violations == []


def test_an_accepted_solution_appears_live_for_a_reader(open_page):
    alice = UserFactory(username="alice", display_name="Alice")
    UserFactory(username="carol")
    thread = ThreadFactory(author=alice, title="Which APN for data abroad?")
    from forum import services

    services.post_reply(
        thread, author=UserFactory(username="bob"), body="Use the telstra.internet APN."
    )

    reader = open_page("carol")
    reader.goto(thread.get_absolute_url())
    expect(reader.locator("#live-announcer")).to_have_attribute(
        "data-live-state", "open"
    )
    asker = open_page("alice")
    asker.goto(thread.get_absolute_url())
    asker.get_by_role("button", name="Accept as solution").click()

    expect(reader.get_by_role("heading", name="Accepted solution")).to_be_visible()
    expect(reader.locator(".thread-head .badge-solved")).to_be_visible()
    expect(reader.locator("#live-announcer")).to_have_text(
        "An answer was accepted as the solution"
    )
    assert reader.violations == []
