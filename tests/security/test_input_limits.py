"""Oversized, malformed and hostile input gets a clear 4xx, never a 500, and
nothing is stored."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.security import world as w
from tests.security.snapshots import changes, snapshot

API_WRITES = [
    ("post", "/api/v1/threads/"),
    ("post", "/api/v1/threads/{thread}/posts/"),
    ("patch", "/api/v1/threads/{thread}/"),
    ("patch", "/api/v1/posts/{post}/"),
    ("post", "/api/v1/threads/{thread}/accept/"),
    ("post", "/api/v1/me/tokens/"),
]
FORMS = [
    "/ask/",
    "/t/{thread}/reply/",
    "/p/{post}/edit/",
    "/p/{post}/flag/",
    "/settings/profile/",
    "/support/contact/ticket/",
    "/settings/tokens/",
]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with w.built_once(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(db, shared_world):
    return w.reloaded(shared_world)


def _member(world):
    client = Client()
    client.force_login(world.asker)
    return client


def _url(template, world):
    return template.format(thread=world.question.pk, post=world.question.first_post_id)


def _assert_refused_and_nothing_stored(before, response, *, api: bool):
    assert 400 <= response.status_code < 500, response.status_code
    if api:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()
    assert changes(before, snapshot(ignore=IGNORED)) == {}


# Sessions carry flash messages; journeys log the page visit.
IGNORED = ("deflection.Journey", "deflection.JourneyEvent")


@pytest.mark.parametrize("template", FORMS)
def test_an_oversized_form_body_is_a_styled_400(world, template):
    client = _member(world)
    before = snapshot(ignore=IGNORED)
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(_url(template, world), {"body": body, "title": "t"})
    _assert_refused_and_nothing_stored(before, response, api=False)
    assert b"<html" in response.content


@pytest.mark.parametrize("template", FORMS)
def test_too_many_fields_is_a_styled_400(world, template):
    client = _member(world)
    before = snapshot(ignore=IGNORED)
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(_url(template, world), fields)
    _assert_refused_and_nothing_stored(before, response, api=False)


@pytest.mark.parametrize(("method", "template"), API_WRITES)
def test_an_oversized_api_body_is_a_json_400(world, method, template):
    client = _member(world)
    before = snapshot(ignore=IGNORED)
    body = json.dumps({"body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = getattr(client, method)(
        _url(template, world), body, content_type="application/json"
    )
    _assert_refused_and_nothing_stored(before, response, api=True)


HOSTILE_JSON = {
    "nested 1,000 deep": "[" * 1000 + "]" * 1000,
    "nested object 1,000 deep": '{"a":' * 1000 + "1" + "}" * 1000,
    "lone surrogate": '{"title": "\\ud800", "body": "\\udfff", "board": "nbn"}',
    "nul byte": '{"title": "a\\u0000b", "body": "x\\u0000", "board": "nbn-internet"}',
    "100,000 characters": json.dumps(
        {"title": "t" * 100_000, "body": "b" * 100_000, "board": "nbn-internet"}
    ),
    "not json": "{'title': ",
    "a list": "[1, 2, 3]",
    "a number": "12",
}


@pytest.mark.parametrize("body", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
@pytest.mark.parametrize(("method", "template"), API_WRITES)
def test_hostile_json_is_a_json_400(world, method, template, body):
    client = _member(world)
    before = snapshot(ignore=IGNORED)
    response = getattr(client, method)(
        _url(template, world), body, content_type="application/json"
    )
    _assert_refused_and_nothing_stored(before, response, api=True)


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "image/png"])
@pytest.mark.parametrize(("method", "template"), API_WRITES)
def test_a_wrong_content_type_is_a_415(world, method, template, content_type):
    client = _member(world)
    before = snapshot(ignore=IGNORED)
    response = getattr(client, method)(
        _url(template, world), '{"body": "x"}', content_type=content_type
    )
    assert response.status_code == 415
    assert changes(before, snapshot(ignore=IGNORED)) == {}


FORM_VALUES = {
    "nul byte": "before\x00after",
    "100,000 characters": "y" * 100_000,
}


def test_invalid_utf8_in_a_form_arrives_as_replacement_characters(world):
    """Django decodes form bytes with replacement, so a lone surrogate can never
    reach the database as such."""
    from forum.models import Post

    client = _member(world)
    body = urlencode({"body": "lone a\ud800b".encode("utf-8", "surrogatepass")})
    response = client.post(
        f"/t/{world.question.pk}/reply/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
    stored = Post.objects.filter(body__startswith="lone").first()
    assert stored is None or "\ud800" not in stored.body


@pytest.mark.parametrize("value", FORM_VALUES.values(), ids=FORM_VALUES.keys())
@pytest.mark.parametrize("template", FORMS)
def test_hostile_form_fields_store_nothing_and_never_500(world, template, value):
    client = _member(world)
    before = snapshot(ignore=IGNORED)
    data = dict.fromkeys(
        ("title", "body", "tags", "note", "display_name", "bio", "name"), value
    )
    data |= {"board": world.board.pk, "reason": "other", "email": "a@example.com"}
    # Raw bytes, so a lone surrogate arrives as the invalid UTF-8 a client sends.
    encoded = urlencode(
        {k: str(v).encode("utf-8", "surrogatepass") for k, v in data.items()}
    )
    response = client.post(
        _url(template, world),
        encoded,
        content_type="application/x-www-form-urlencoded",
    )
    # Refused outright, or the form shown again (or a redirect) with its error.
    assert response.status_code < 500
    assert changes(before, snapshot(ignore=IGNORED)) == {}


@pytest.mark.parametrize("template", ["/search/", "/reports/deflection/"])
def test_hostile_query_strings_never_500(world, template):
    client = Client()
    client.force_login(world.users[w.MANAGER])
    for value in ["\x00", "a" * 100_000, "%ud800", "' OR 1=1 --", "\\", "[", "*"]:
        for field in ("q", "board", "start", "end", "period", "page", "tag"):
            response = client.get(template, {field: value})
            assert response.status_code < 500, (field, value)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
) | st.sampled_from(["", " ", "\x00", "a" * 20_001, "<script>", "\u202e"])


@hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=TEXT, body=TEXT, tags=TEXT)
def test_the_ask_and_reply_forms_never_500(world, title, body, tags):
    client = _member(world)
    ask = client.post(
        "/ask/", {"board": world.board.pk, "title": title, "body": body, "tags": tags}
    )
    reply = client.post(f"/t/{world.question.pk}/reply/", {"body": body})
    assert ask.status_code < 500
    assert reply.status_code < 500


@hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    payload=st.recursive(
        st.none() | st.booleans() | st.integers() | TEXT,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["title", "body", "tags", "board"]), inner
            )
        ),
        max_leaves=8,
    )
)
def test_the_api_thread_and_post_serializers_never_500(world, payload):
    client = _member(world)
    for method, url in (
        ("post", "/api/v1/threads/"),
        ("post", f"/api/v1/threads/{world.question.pk}/posts/"),
        ("patch", f"/api/v1/threads/{world.question.pk}/"),
    ):
        response = getattr(client, method)(
            url, json.dumps(payload), content_type="application/json"
        )
        assert response.status_code < 500, (url, payload)
