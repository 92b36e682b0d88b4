"""What operators see: request ids on responses and log lines, JSON logs in
production, error reports only when a DSN is set, and counts of what the
background writers drop."""

import gzip
import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
from django.db import DatabaseError

from community.observability import (
    JsonFormatter,
    RequestIdFilter,
    dropped_counts,
    dropped_in_this_process,
)
from forum.deflection.models import EventKind, JourneyEvent
from forum.deflection.services import event_writer
from forum.services import thread_views
from tests.community.test_settings import STRONG_KEY, run_manage

pytestmark = pytest.mark.django_db


def test_a_response_carries_a_request_id_made_for_it(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "edge-7f3a.42"})

    assert response["X-Request-ID"] == "edge-7f3a.42"


@pytest.mark.parametrize("offered", ["two words", "x" * 65, "id\nforged line", ""])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, offered):
    response = client.get("/healthz", headers={"X-Request-ID": offered})

    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32


@pytest.fixture
def json_log():
    """The production console handler's formatter and filter, on a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield buffer
    root.removeHandler(handler)


def test_a_log_line_written_during_a_request_names_its_request_id(
    client, json_log, monkeypatch
):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    client.get("/healthz", headers={"X-Request-ID": "req-health-1"})

    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    warning = next(line for line in lines if line["logger"] == "community.views")
    assert warning["request_id"] == "req-health-1"
    assert warning["level"] == "WARNING"
    assert warning["message"] == "Health check: database unreachable"
    assert "connection refused" in warning["exception"]


def test_a_log_line_outside_a_request_has_no_request_id(json_log):
    logging.getLogger("tests").warning("between requests")

    assert json.loads(json_log.getvalue())["request_id"] == "-"


def test_production_logs_are_json_lines():
    result = run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('crowd').warning('hello')",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="community.example.com",
    )

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello"
    assert line["request_id"] == "-"


# --- error reporting -------------------------------------------------------------


def test_without_a_dsn_no_error_reporting_is_set_up():
    result = run_manage(
        "shell", "-c", "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


class _SentryIngest(BaseHTTPRequestHandler):
    """Stands in for Sentry's ingest endpoint: keeps the envelopes it receives."""

    envelopes: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.envelopes.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_ingest():
    _SentryIngest.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SentryIngest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _SentryIngest.envelopes
    server.shutdown()
    server.server_close()


# The member's cookie and address come from the environment: the script's own text
# is reported too (as the process's arguments).
RAISE_IN_A_VIEW = """
import os
import sentry_sdk
from django.test import Client, override_settings
with override_settings(
    ROOT_URLCONF="tests.community.urls_with_error", ALLOWED_HOSTS=["testserver"]
):
    client = Client(raise_request_exception=False, REMOTE_ADDR=os.environ["ADDRESS"])
    client.cookies["sessionid"] = os.environ["COOKIE"]
    print(client.get("/broken/").status_code)
sentry_sdk.flush(timeout=10)
"""


def test_with_a_dsn_an_unhandled_error_is_reported_without_personal_data(
    sentry_ingest,
):
    server, envelopes = sentry_ingest
    port = server.server_address[1]

    result = run_manage(
        "shell",
        "-c",
        RAISE_IN_A_VIEW,
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1",
        ADDRESS="203.0.113.9",
        COOKIE="member-session-cookie",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "500"
    reported = b"".join(envelopes).decode()
    assert "secret internal detail" in reported
    assert "/broken/" in reported
    assert "member-session-cookie" not in reported
    assert "203.0.113.9" not in reported


# --- what the writers drop -------------------------------------------------------


@pytest.fixture
def batched_events(settings):
    """Journey events wait for their batch (the writer thread sleeps through the
    test); whatever a test leaves unwritten is forgotten after it."""
    settings.DEFLECTION_EVENT_FLUSH_SECONDS = 3600
    yield
    with event_writer._lock:
        event_writer._pending.clear()


def _event() -> JourneyEvent:
    return JourneyEvent(journey_id="j-observability", kind=EventKind.SEARCH)


@pytest.mark.django_db
def test_events_dropped_past_the_buffer_are_logged_and_counted(
    batched_events, monkeypatch, caplog
):
    monkeypatch.setattr(event_writer, "MAX_PENDING", 2)
    before = dropped_in_this_process()["journey_events"]

    for _ in range(3):
        event_writer.add_event(_event())

    assert "Dropped 1 unwritten journey events" in caplog.text
    assert dropped_in_this_process()["journey_events"] == before + 1
    assert dropped_counts()["journey_events"] == 1


@pytest.mark.django_db
def test_events_a_process_cannot_write_as_it_exits_are_logged_and_counted(
    batched_events, monkeypatch, caplog
):
    def database_down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(event_writer, "_write", database_down)
    with event_writer._lock:
        event_writer._pending.extend([_event(), _event()])

    event_writer._flush_at_exit()

    assert "Dropped 2 unwritten journey events at exit" in caplog.text
    assert dropped_counts()["journey_events"] == 2
    assert event_writer.pending_event_count() == 0


@pytest.mark.django_db
def test_views_a_process_cannot_write_as_it_exits_are_logged_and_counted(
    monkeypatch, caplog
):
    def database_down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(thread_views, "_add_views", database_down)
    with thread_views._lock:
        thread_views._pending.update({101: 3, 102: 1})

    thread_views._flush_at_exit()

    assert "Dropped 4 unwritten thread views at exit" in caplog.text
    assert dropped_counts()["thread_views"] == 4
    assert thread_views.pending_thread_views() == {}


@pytest.mark.django_db
def test_nothing_is_counted_as_dropped_when_the_writes_succeed():
    with thread_views._lock:
        thread_views._pending.clear()
    event_writer._flush_at_exit()
    thread_views._flush_at_exit()

    assert dropped_counts() == {"journey_events": 0, "thread_views": 0}
