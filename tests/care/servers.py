"""A real HTTP server on 127.0.0.1, in a thread, for the care desk's tests: it
records every request and answers with the next status from ``statuses`` (200
once they run out); and a client that signs intake requests as a connector does."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class RecordingServer:
    def __init__(self, statuses: list[int] | None = None):
        self.requests: list[Received] = []
        self.statuses = list(statuses or [])
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                recorder.requests.append(Received(self.path, dict(self.headers), body))
                status = recorder.statuses.pop(0) if recorder.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/replies"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


def post(url: str, body: bytes, headers: dict) -> Answer:
    """POST over real HTTP; an error status is an answer, not an exception."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


def webhook_headers(body: bytes, secret: str, *, timestamp: int | None = None) -> dict:
    """The version 1 signature: HMAC-SHA256 of "<timestamp>." + body."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(
        secret.encode(), stamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Crowd-Timestamp": stamp,
        "X-Crowd-Signature": f"sha256={digest}",
    }


def mailgun_form(
    fields: dict, signing_key: str, *, timestamp: int | None = None
) -> bytes:
    """A Mailgun inbound-route form, signed as Mailgun signs it."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    token = "a" * 50
    signature = hmac.new(
        signing_key.encode(), (stamp + token).encode(), hashlib.sha256
    ).hexdigest()
    form = fields | {"timestamp": stamp, "token": token, "signature": signature}
    return urllib.parse.urlencode(form).encode()
