import re

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def test_home_page_is_served_to_anonymous_visitors(client, board):
    response = client.get("/")

    assert response.status_code == 200
    assert escape(board.name) in response.content.decode()


def test_pages_carry_the_security_headers(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


# A JSON-LD block is data, never executed, so the no-inline-script rule allows it;
# so is the JSON block of the scripts' translated words (json_script).
DATA_BLOCK = 'type="application/ld+json"'
DATA_BLOCKS = (DATA_BLOCK, 'type="application/json"')


def assert_no_inline_scripts(html: str) -> None:
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the site script should be included"
    assert all("src=" in tag or tag.endswith(DATA_BLOCKS, 0, -1) for tag in scripts)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_pages_have_no_inline_scripts(client):
    assert_no_inline_scripts(client.get("/").content.decode())


def test_question_pages_have_no_inline_scripts_besides_their_json_ld(
    client, question, answer
):
    html = client.get(question.get_absolute_url()).content.decode()

    assert DATA_BLOCK in html
    assert_no_inline_scripts(html)


def test_a_foreign_host_gets_400(client):
    response = client.get("/", HTTP_HOST="evil.example.net")

    assert response.status_code == 400


def test_unknown_url_gets_the_styled_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_server_error_shows_the_styled_500_without_details(client, settings):
    settings.ROOT_URLCONF = "tests.community.urls_with_error"
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "secret internal detail" not in body
    assert "Traceback" not in body


def test_health_check_reports_a_reachable_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "dropped": {"journey_events": 0, "thread_views": 0},
    }


def test_health_check_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The database is unreachable.",
        "code": "service_unavailable",
    }


def test_favicon_requests_are_pointed_at_the_svg(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
