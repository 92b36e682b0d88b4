"""The composer's server side: the preview renders exactly what a saved post
shows, @mention completion, the no-script Preview button, and what is refused."""

import pytest
from django.test import Client

from forum import services
from forum.markdown import render_post
from forum.models import Post, Thread
from tests.attachments.test_posts_with_uploads import upload_image
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.security import world

PREVIEW = "/compose/preview/"
MENTIONS = "/compose/mentions/"


@pytest.fixture
def signed_in(customer):
    client = Client()
    client.force_login(customer)
    return client


def test_preview_is_the_saved_posts_rendering(signed_in, customer, other_customer):
    body = (
        "**Restart** the modem, @dan, then see https://status.example.com/nbn"
        "\n\n<script>alert(1)</script>"
    )
    response = signed_in.post(PREVIEW, {"body": body})
    assert response.status_code == 200
    html = response.json()["html"]
    assert html == render_post(body, author=customer).html
    assert "<strong>Restart</strong>" in html
    assert 'href="/u/dan/"' in html
    assert 'href="https://status.example.com/nbn"' in html
    assert "<script>" not in html


def test_preview_refuses_visitors_and_suspended_members(customer):
    visitor = Client().post(PREVIEW, {"body": "hello"})
    assert visitor.status_code == 401
    assert visitor.json()["code"] == "not_authenticated"

    world.suspend(customer)
    client = Client()
    client.force_login(customer)
    suspended = client.post(PREVIEW, {"body": "hello"})
    assert suspended.status_code == 403
    assert suspended.json()["detail"]


def test_preview_needs_the_csrf_token(customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    assert client.post(PREVIEW, {"body": "hello"}).status_code == 403


def test_preview_of_an_overlong_post_is_refused_clearly(signed_in):
    response = signed_in.post(PREVIEW, {"body": "x" * 20_001})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Posts are at most 20,000 characters.",
        "code": "too_long",
    }


def test_previews_are_rate_limited(signed_in, flood_limits):
    most = flood_limits["preview"][0][0]
    for _ in range(most):
        assert signed_in.post(PREVIEW, {"body": "hi"}).status_code == 200
    refused = signed_in.post(PREVIEW, {"body": "hi"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0


def test_mentions_complete_usernames_in_any_case(signed_in):
    for name in ("rebecca", "Reuben", "rex", "bob"):
        UserFactory(username=name, display_name=f"{name.title()} Smith")
    UserFactory(username="regina", is_active=False)

    results = signed_in.get(MENTIONS, {"q": "RE"}).json()["results"]

    assert [r["username"] for r in results] == ["rebecca", "Reuben", "rex"]
    assert results[0]["name"] == "Rebecca Smith"


def test_mentions_show_at_most_eight_and_read_one_query(
    signed_in, django_assert_num_queries
):
    for number in range(12):
        UserFactory(username=f"tech{number:02}")
    with django_assert_num_queries(2):  # the signed-in user, the lookup
        results = signed_in.get(MENTIONS, {"q": "tech"}).json()["results"]
    assert len(results) == 8


@pytest.mark.parametrize("prefix", ["", "a" * 31, "a b", "<script>", "%", "_"])
def test_mentions_of_a_prefix_no_username_has_are_empty(signed_in, prefix):
    response = signed_in.get(MENTIONS, {"q": prefix})
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_mentions_refuse_visitors():
    response = Client().get(MENTIONS, {"q": "re"})
    assert response.status_code == 401


# --- Without JavaScript: the Preview button posts the form back -------------------


def test_preview_button_on_ask_shows_the_post_and_saves_nothing(signed_in, board):
    response = signed_in.post(
        "/ask/",
        {
            "board": board.pk,
            "title": "Modem lights flash orange after the storm",
            "body": "The **DSL** light blinks. Log: https://example.com/log",
            "tags": "modem",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>DSL</strong>" in page
    assert 'value="Modem lights flash orange after the storm"' in page
    assert "The **DSL** light blinks." in page  # still in the textarea
    assert not Thread.objects.exists()


def test_preview_button_on_reply_and_edit_saves_nothing(signed_in, customer):
    thread = ThreadFactory()
    post = PostFactory(thread=thread, author=customer, body="First version")
    before = Post.objects.count()

    reply = signed_in.post(
        f"/t/{thread.pk}/reply/", {"body": "Try _another_ cable", "preview": "1"}
    )
    edit = signed_in.post(
        f"/p/{post.pk}/edit/", {"body": "Second **version**", "preview": "1"}
    )

    assert "<em>another</em>" in reply.content.decode()
    assert "Second <strong>version</strong>" in edit.content.decode()
    assert Post.objects.count() == before
    post.refresh_from_db()
    assert post.body == "First version"


def test_the_composer_is_on_every_form_that_writes_a_post(signed_in, customer):
    thread = ThreadFactory()
    post = PostFactory(thread=thread, author=customer)
    for url in ("/ask/", thread.get_absolute_url(), f"/p/{post.pk}/edit/"):
        page = signed_in.get(url).content.decode()
        assert "data-composer" in page, url
        assert 'data-preview-url="/compose/preview/"' in page, url
        assert 'name="preview"' in page, url
        assert 'data-upload-url="/uploads/"' in page, url


def test_preview_while_editing_shows_the_uploads_of_the_post(signed_in, customer):
    thread = ThreadFactory(author=customer)
    attachment = upload_image(customer)
    body = f"Lights: {attachment.markdown}"
    post = PostFactory(thread=thread, author=customer, body="before")
    services.edit_post(post, by=customer, body=body)

    fresh = signed_in.post(PREVIEW, {"body": body}).json()["html"]
    editing = signed_in.post(PREVIEW, {"body": body, "post": post.pk}).json()["html"]
    someone_elses = PostFactory(thread=thread, body="not yours")
    other = signed_in.post(PREVIEW, {"body": body, "post": someone_elses.pk}).json()

    assert "<img" not in fresh  # attached to the post now, not free
    assert "<img" in editing
    assert "<img" not in other["html"]
