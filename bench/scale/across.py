"""What must hold across app servers: each check talks to both directly (their own
ports), and the live update goes through HAProxy as a page's socket would.

- a session made by signing in on app1 is valid on app2;
- the reply flood limit trips at the same count when replies alternate servers;
- a page cached on app1 is fresh on app1 after a write on app2;
- an upload stored through app1 is served through app2 (one S3 bucket);
- a socket held by the live server hears a reply posted through app2.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import redis
import requests

from bench.scale.browser import Browser, marked, posted_id
from bench.scale.members import Member, ThreadAddress
from bench.scale.servers import Site

FIRST, SECOND = "app1", "app2"
LIVE_WAIT_SECONDS = 15


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    reason: str


def check_session(site: Site, member: Member) -> CheckResult:
    name = "a session made on app1 is valid on app2"
    browser = Browser()
    signed_in = browser.sign_in(site.app_url(FIRST), member)
    if signed_in.status_code != 302:
        return CheckResult(
            name, False, f"signing in on app1 answered {signed_in.status_code}"
        )
    page = browser.get(site.app_url(SECOND), "/notifications/")
    if page.status_code == 200 and member.username in page.text:
        return CheckResult(name, True, "app2 served /notifications/ to the member")
    where = page.headers.get("Location", "")
    return CheckResult(
        name, False, f"app2 answered {page.status_code} {where}".rstrip()
    )


def check_flood_limit(
    site: Site, member: Member, thread: ThreadAddress, *, most: int, seconds: int
) -> CheckResult:
    """``most`` replies in a window of ``seconds`` pass, the next is refused, with
    the replies alternating between the two servers."""
    name = f"the reply flood limit ({most} per {seconds} s) counts across servers"
    _wait_for_a_fresh_window(seconds)
    window = int(time.time() // seconds)
    browser = Browser()
    browser.sign_in(site.app_url(FIRST), member)
    accepted, last = [], None
    for attempt in range(most + 1):
        server = (FIRST, SECOND)[attempt % 2]
        body, _ = marked(f"Flood check reply {attempt + 1} through {server}.")
        last = browser.reply(site.app_url(server), thread, body)
        accepted.append(posted_id(last) is not None)
    if int(time.time() // seconds) != window:
        return CheckResult(name, False, "the replies crossed a window; run it again")
    expected = [True] * most + [False]
    refused = last is not None and "posting very quickly" in last.text
    if accepted == expected and refused:
        return CheckResult(
            name,
            True,
            f"{most} passed on alternating servers, reply {most + 1} refused",
        )
    return CheckResult(name, False, f"accepted in turn: {accepted}")


def _wait_for_a_fresh_window(seconds: int, *, needed: float = 10) -> None:
    """The limit counts in fixed windows: start where the check fits in one."""
    left = seconds - time.time() % seconds
    if left < needed:
        time.sleep(left + 0.05)


def check_page_cache(
    site: Site, writer: Browser, thread: ThreadAddress, cache: redis.Redis
) -> CheckResult:
    name = "a page cached on app1 is fresh there after a write on app2"
    entries = f"*page:thread:{thread.pk}:*"
    before = _count_keys(cache, entries)
    first = requests.get(site.app_url(FIRST) + thread.path, timeout=30)
    stored = _count_keys(cache, entries) - before
    body, marker = marked("Cache check: the lights went green after a reboot.")
    posted = posted_id(writer.reply(site.app_url(SECOND), thread, body))
    then = requests.get(site.app_url(FIRST) + thread.path, timeout=30)
    if first.status_code != 200 or stored < 1:
        return CheckResult(name, False, f"app1 did not cache the page ({stored} new)")
    if posted is None:
        return CheckResult(name, False, "the reply through app2 was not posted")
    if marker in then.text:
        return CheckResult(name, True, "app1 showed the reply app2 stored, at once")
    return CheckResult(name, False, "app1 served its cached page without the reply")


def _count_keys(cache: redis.Redis, pattern: str) -> int:
    return sum(1 for _ in cache.scan_iter(match=pattern, count=1000))


def check_upload(site: Site, member: Browser, thread: ThreadAddress) -> CheckResult:
    name = "an upload stored through app1 is served through app2"
    csrf, _ = member.form_token(site.app_url(FIRST), thread.path)
    content, _ = marked("modem log: sync lost at 20:01, regained at 20:02")
    stored = member.post(
        site.app_url(FIRST),
        "/uploads/",
        data={"csrfmiddlewaretoken": csrf},
        files={"file": ("router.log", content.encode(), "text/plain")},
    )
    if stored.status_code != 201:
        return CheckResult(name, False, f"app1 answered the upload {stored}")
    key = stored.json()["key"]
    served = member.get(site.app_url(SECOND), f"/uploads/{key}/")
    location = served.headers.get("Location", "")
    if served.status_code != 302 or not location:
        return CheckResult(name, False, f"app2 answered {served.status_code}")
    fetched = requests.get(location, timeout=30)
    if fetched.status_code == 200 and fetched.content == content.encode():
        return CheckResult(
            name,
            True,
            f"app2 sent it to the bucket's signed URL ({len(content)} bytes)",
        )
    return CheckResult(name, False, f"the bucket answered {fetched.status_code}")


def check_live_update(
    site: Site, writer: Browser, thread: ThreadAddress
) -> CheckResult:
    # Imported here: websocket-client is a load requirement, and the rest of this
    # module is read where only the dev requirements are installed.
    import websocket

    name = "a socket through HAProxy hears a reply posted through app2"
    socket = websocket.create_connection(
        f"ws://127.0.0.1:{site.balancer_port}/ws/live/?thread={thread.pk}",
        origin=site.balancer_url,
        timeout=LIVE_WAIT_SECONDS,
    )
    try:
        body, _ = marked("Live check: same here, fixed by a new cable.")
        post = posted_id(writer.reply(site.app_url(SECOND), thread, body))
        if post is None:
            return CheckResult(name, False, "the reply through app2 was not posted")
        deadline = time.monotonic() + LIVE_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                event = json.loads(socket.recv())
            except websocket.WebSocketTimeoutException:
                break
            if event.get("kind") == "thread" and event.get("post") == post:
                return CheckResult(
                    name, True, f"the live server sent reply {post} to the socket"
                )
        return CheckResult(name, False, f"no event for reply {post} in time")
    finally:
        socket.close()
