"""A visitor as the checks play one: one cookie jar, sent to whichever server a
request goes to. Cookies belong to the host, not the port, as in a browser, so a
session made on one app server travels to the other by itself."""

from __future__ import annotations

import re
import uuid

import requests

from bench.scale.members import Member, ThreadAddress

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SHOWN_AT_FIELD = re.compile(r'name="shown_at" value="([^"]*)"')
POST_ADDRESS = re.compile(r"^/p/(\d+)/$")
TIMEOUT = 30


class FormMissing(RuntimeError):
    pass


class Browser:
    def __init__(self) -> None:
        self.session = requests.Session()

    def get(self, base: str, path: str) -> requests.Response:
        return self.session.get(base + path, allow_redirects=False, timeout=TIMEOUT)

    def post(self, base: str, path: str, **fields) -> requests.Response:
        return self.session.post(
            base + path, allow_redirects=False, timeout=TIMEOUT, **fields
        )

    def form_token(self, base: str, path: str) -> tuple[str, str]:
        """The CSRF token and the form's ``shown_at`` on a page, as it gave them."""
        page = self.get(base, path)
        csrf, shown_at = CSRF_FIELD.search(page.text), SHOWN_AT_FIELD.search(page.text)
        if page.status_code != 200 or not csrf:
            raise FormMissing(f"{path} answered {page.status_code} without a form")
        return csrf.group(1), shown_at.group(1) if shown_at else ""

    def sign_in(self, base: str, member: Member) -> requests.Response:
        csrf, _ = self.form_token(base, "/accounts/login/")
        return self.post(
            base,
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": csrf,
                "login": member.username,
                "password": member.password,
            },
        )

    def reply(self, base: str, thread: ThreadAddress, body: str) -> requests.Response:
        """Reply through the thread page's form, as a member reading it would."""
        csrf, shown_at = self.form_token(base, thread.path)
        return self.post(
            base,
            f"/t/{thread.pk}/reply/",
            data={"csrfmiddlewaretoken": csrf, "shown_at": shown_at, "body": body},
        )


def posted_id(response: requests.Response) -> int | None:
    """The new post's id when the reply was posted (a redirect to its address)."""
    found = POST_ADDRESS.match(response.headers.get("Location", ""))
    return int(found.group(1)) if response.status_code == 302 and found else None


def marked(text: str) -> tuple[str, str]:
    """A reply body with a marker of its own, and the marker."""
    marker = uuid.uuid4().hex
    return f"{text} ({marker})", marker
