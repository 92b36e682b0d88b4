"""Deployment: security headers on every page, no-store on private ones, nothing
from another origin, and no account enumeration."""

import hashlib
import re
import statistics
import time
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import Role
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.fixture
def site(board, customer):
    thread = ThreadFactory(board=board, author=customer, title="Modem light")
    thread.tags.add("nbn")
    return thread


def _public_pages(site) -> list[str]:
    return [
        "/",
        site.board.get_absolute_url(),
        site.get_absolute_url(),
        "/tags/nbn/",
        "/search/?q=modem",
        "/support/contact/",
        "/support/contact/?q=modem",
        "/leaderboard/",
        "/badges/",
        f"/u/{site.author.username}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


PRIVATE_PAGES = [
    "/settings/profile/",
    "/settings/tokens/",
    "/settings/data/",
    "/settings/notifications/",
    "/notifications/",
    "/accounts/email/",
    "/accounts/password/change/",
]
MODERATOR_PAGES = ["/moderation/", "/moderation/log/", "/moderation/response-times/"]
MANAGER_PAGES = ["/reports/deflection/"]


def _crawl(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response


def _assert_security_headers(path, response):
    for header, value in HEADERS.items():
        assert response.get(header) == value, (path, header)
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
    assert "unsafe-inline" not in csp, path


def _assert_no_store(path, response):
    assert "no-store" in response.get("Cache-Control", ""), path


class _Resources(HTMLParser):
    """Addresses a page makes the browser load: scripts, styles, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "video", "audio", "embed"}:
            self.urls.append(attrs.get("src") or "")
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon", "preload"}:
            self.urls.append(attrs.get("href") or "")


def _assert_same_origin(path, response):
    parser = _Resources()
    parser.feed(response.content.decode())
    for url in filter(None, parser.urls):
        parts = urlsplit(url)
        assert not parts.netloc and parts.scheme in {"", "data"}, (path, url)
    assert not re.search(r"<style|style=|<script>", response.content.decode()), path


def test_public_pages_carry_the_security_headers_and_load_nothing_foreign(client, site):
    for path, response in _crawl(client, _public_pages(site)):
        _assert_security_headers(path, response)
        _assert_same_origin(path, response)


def test_signed_in_pages_carry_the_headers_and_private_ones_are_no_store(
    client, site, customer
):
    client.force_login(customer)

    for path, response in _crawl(
        client, [*_public_pages(site)[:9], "/ask/", *PRIVATE_PAGES]
    ):
        _assert_security_headers(path, response)
        _assert_same_origin(path, response)
        assert "private" in response.get("Cache-Control", "") or "no-store" in (
            response.get("Cache-Control", "")
        ), path
    for path, response in _crawl(client, PRIVATE_PAGES):
        _assert_no_store(path, response)


def test_moderation_and_report_pages_are_no_store(client, site):
    moderator = UserFactory(role=Role.MODERATOR)
    manager = UserFactory(role=Role.MANAGER)
    client.force_login(moderator)
    for path, response in _crawl(client, MODERATOR_PAGES):
        _assert_security_headers(path, response)
        _assert_no_store(path, response)
    client.force_login(manager)
    for path, response in _crawl(client, MANAGER_PAGES):
        _assert_security_headers(path, response)
        _assert_no_store(path, response)


def test_exports_and_api_answers_for_members_are_no_store(client, site, customer):
    manager = UserFactory(role=Role.MANAGER)
    client.force_login(manager)
    export = client.get("/reports/deflection/boards.csv")
    client.force_login(customer)
    api = client.get("/api/v1/threads/")

    assert export.status_code in {200, 404}
    _assert_no_store("export", export)
    _assert_no_store("api", api)


# --- Account enumeration --------------------------------------------------------


def _shape(response) -> tuple:
    """Status, redirect target, and the page with anything echoed back removed."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    body = re.sub(r'value="[^"]*"', 'value=""', body)
    return response.status_code, response.get("Location"), body


# The work a request costs the server, in CPU time: the test client runs the view in
# this process, and CPU time leaves out what other jobs on a busy machine take.
_clock = time.process_time


def _interleaved_median_ms(first, second, tries=30) -> tuple[float, float]:
    times = ([], [])
    for _ in range(tries):
        for action, bucket in zip((first, second), times, strict=True):
            started = _clock()
            action()
            bucket.append((_clock() - started) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


@pytest.fixture
def known(db):
    return UserFactory(username="knownmember", email="known@example.com")


def test_sign_in_answers_alike_for_known_and_unknown_accounts(client, known):
    def attempt(login):
        return client.post(
            "/accounts/login/", {"login": login, "password": "not-the-password"}
        )

    known_response = attempt("known@example.com")
    unknown_response = attempt("nobody@example.com")

    assert _shape(known_response) == _shape(unknown_response)


def test_password_reset_answers_alike_and_mails_only_members(client, known):
    known_response = client.post(
        "/accounts/password/reset/", {"email": "known@example.com"}
    )
    unknown_response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.com"}
    )

    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"]
    assert [m.to for m in mail.outbox][0] == ["known@example.com"]


def test_every_failed_sign_in_costs_the_same_password_hashes(client, known, settings):
    # An unknown account must cost the same key stretching as a known one, or timing
    # tells which addresses are members. Counted, not timed: a timing comparison on
    # a shared machine fails at random.
    settings.PASSWORD_HASHERS = ["tests.community.hashers.TimingPBKDF2PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    real_pbkdf2 = hashlib.pbkdf2_hmac
    hashes = []

    def counting(*args, **kwargs):
        hashes.append(1)
        return real_pbkdf2(*args, **kwargs)

    def hashes_for(login: str) -> int:
        hashes.clear()
        with mock.patch("django.utils.crypto.hashlib.pbkdf2_hmac", counting):
            client.post("/accounts/login/", {"login": login, "password": "wrong-one"})
        return len(hashes)

    logins = ["known@example.com", "knownmember", "nobody@example.com", "nobody"]
    assert [hashes_for(login) for login in logins] == [2, 2, 2, 2]


def test_password_reset_takes_as_long_for_unknown_addresses(client, known, settings):
    settings.ACCOUNT_RATE_LIMITS = False

    def attempt(email):
        return lambda: client.post("/accounts/password/reset/", {"email": email})

    known_ms, unknown_ms = _interleaved_median_ms(
        attempt("known@example.com"), attempt("nobody@example.com")
    )

    assert abs(known_ms - unknown_ms) < 10, (known_ms, unknown_ms)


def test_sign_up_with_a_taken_address_looks_like_any_sign_up(client, known):
    def sign_up(username, email):
        return client.post(
            "/accounts/signup/",
            {
                "username": username,
                "email": email,
                "password1": "a-fresh-long-passphrase",
                "password2": "a-fresh-long-passphrase",
            },
        )

    taken = sign_up("newcomer1", "known@example.com")
    client.logout()
    fresh = sign_up("newcomer2", "fresh@example.com")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
