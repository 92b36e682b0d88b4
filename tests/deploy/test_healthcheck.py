"""The container health check: asks /healthz with a Host the site accepts."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.http.request import validate_host

from deploy.healthcheck import database_healthy, http_healthy, main, request_host


@pytest.mark.parametrize(
    ("allowed_hosts", "expected"),
    [
        ("community.example.com,www.example.com", "community.example.com"),
        (".example.com", "example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_request_host_is_one_the_site_accepts(allowed_hosts, expected):
    host = request_host(allowed_hosts)

    assert host == expected
    if allowed_hosts:
        assert validate_host(host, allowed_hosts.split(","))


@pytest.fixture
def health_server():
    """A stand-in for the app server: answers /healthz with ``status``."""
    seen = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen["host"], seen["path"] = self.headers["Host"], self.path
            self.send_response(seen["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    seen["port"] = server.server_address[1]
    yield seen
    server.shutdown()
    server.server_close()


def test_healthy_when_healthz_answers_200(health_server):
    environ = {"PORT": str(health_server["port"]), "ALLOWED_HOSTS": "crowd.example"}

    assert http_healthy(environ) is True
    assert health_server["path"] == "/healthz"
    assert health_server["host"] == "crowd.example"


def test_unhealthy_when_healthz_answers_503(health_server):
    health_server["status"] = 503

    assert http_healthy({"PORT": str(health_server["port"])}) is False


def test_unhealthy_when_nothing_listens():
    # Port 1 on the loopback: the connection is refused at once.
    assert http_healthy({"HEALTHCHECK_URL": "http://127.0.0.1:1/healthz"}) is False


def test_database_check_fails_without_a_reachable_database():
    assert database_healthy({}) is False
    assert database_healthy({"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}) is (
        False
    )


def test_unknown_check_is_a_usage_error():
    assert main(["healthcheck.py", "disk"]) == 2
