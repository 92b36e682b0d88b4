"""Tags in any script work on every surface that creates, links or filters them."""

import re
import unicodedata
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import slugify
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from taggit.models import Tag

from accounts.services import create_api_token
from forum.models import Thread
from forum.notifications.models import TagFollow
from forum.services.validation import clean_tags

pytestmark = pytest.mark.django_db

# Two threads' worth (five tags each at most): Latin with accents, German, Greek,
# Cyrillic, CJK, Arabic, Vietnamese (typed decomposed, as some keyboards send it),
# Hindi (vowel signs are combining marks) and Persian (a zero-width non-joiner).
ASKED_TAGS = ["straße", "æç", "café crème", "ελληνικά", "кириллица"]
EDITED_TAGS = [
    "日本語",
    "عربي",
    unicodedata.normalize("NFD", "tiếng việt"),
    "हिन्दी",
    "می\u200cخواهم",
]
ALL_TAGS = [unicodedata.normalize("NFKC", tag) for tag in ASKED_TAGS + EDITED_TAGS]

TAG_LINK = re.compile(r'class="tag" href="([^"]+)"')


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {create_api_token(user, name='t')[1]}"
    )
    return client


def tag_links(html: str) -> set[str]:
    return set(TAG_LINK.findall(html))


def assert_links_work(client, html: str, tags: list[str]) -> None:
    """The page links each tag, and every tag link on it opens a tag page."""
    links = tag_links(html)
    assert {Tag.objects.get(name=name).slug for name in tags} <= {
        unquote(link).split("/")[2] for link in links
    }
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        name = Tag.objects.get(slug=unquote(link).split("/")[2]).name
        assert name in response.content.decode()


def test_tags_in_any_script_work_on_every_surface(client, board, customer):
    client.force_login(customer)
    api = api_as(customer)

    asked = client.post(
        reverse("forum:ask"),
        {
            "board": board.pk,
            "title": "Tags in every script",
            "body": "Asked through the form.",
            "tags": ", ".join(ASKED_TAGS),
        },
    )
    thread = Thread.objects.get(title="Tags in every script")
    edited = client.post(
        reverse("forum:edit_post", args=[thread.first_post_id]),
        {
            "title": thread.title,
            "body": "Edited through the form.",
            "tags": ", ".join(EDITED_TAGS),
        },
    )
    created = api.post(
        "/api/v1/threads/",
        {
            "board": board.slug,
            "title": "Tags through the API",
            "body": "Asked through the API.",
            "tags": EDITED_TAGS,
        },
        format="json",
    )
    patched = api.patch(
        f"/api/v1/threads/{created.json()['id']}/",
        {"tags": ASKED_TAGS},
        format="json",
    )

    assert asked.status_code == 302
    assert edited.status_code == 302
    assert created.status_code == 201
    assert patched.status_code == 200
    assert sorted(patched.json()["tags"]) == sorted(ALL_TAGS[:5])
    assert sorted(t.name for t in thread.tags.all()) == sorted(ALL_TAGS[5:])
    assert all(slugify(tag.slug, allow_unicode=True) for tag in Tag.objects.all())

    # Every page that links the tags renders, and every link it holds opens.
    api_thread = Thread.objects.get(pk=created.json()["id"])
    for url, tags in [
        (thread.get_absolute_url(), ALL_TAGS[5:]),
        (api_thread.get_absolute_url(), ALL_TAGS[:5]),
        (board.get_absolute_url(), ALL_TAGS),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_links_work(client, response.content.decode(), tags)
    for url in [
        "/",
        f"/b/{board.slug}/feed/",
        "/sitemap.xml",
        f"/t/{thread.pk}-x/",
    ]:
        assert client.get(url, follow=True).status_code == 200, url
    client.logout()
    visitor_board = client.get(board.get_absolute_url())
    assert_links_work(client, visitor_board.content.decode(), ALL_TAGS)
    client.force_login(customer)

    # Follow each tag, filter by it on the tag page, the search page and the API.
    for name in ALL_TAGS:
        tag = Tag.objects.get(name=name)
        tag_url = reverse("forum:tag", args=[tag.slug])
        expected = api_thread if name in ALL_TAGS[:5] else thread

        followed = client.post(
            reverse("notifications:follow_tag", args=[tag.slug]), {"action": "follow"}
        )
        filtered = client.get(tag_url, {"show": "unsolved", "sort": "newest"})
        searched = client.get("/search/", {"q": expected.title, "tag": name})
        by_slug = client.get("/search/", {"q": expected.title, "tag": tag.slug})
        listed = api.get("/api/v1/threads/", {"board": board.slug, "tag": tag.slug})

        assert followed.status_code == 302
        assert unquote(followed["Location"]) == unquote(tag_url)
        assert TagFollow.objects.filter(user=customer, tag=tag).exists()
        assert filtered.status_code == 200
        assert "Following this tag" in filtered.content.decode()
        assert expected.title in filtered.content.decode()
        for response in (searched, by_slug):
            assert response.status_code == 200
            hits = [hit.thread for hit in response.context["results"].hits]
            assert hits == [expected], (name, response.request["QUERY_STRING"])
        assert listed.status_code == 200
        assert [row["id"] for row in listed.json()["results"]] == [expected.pk]
    settings_page = client.get(reverse("notifications:settings"))
    assert settings_page.status_code == 200
    for name in ALL_TAGS:
        assert name in settings_page.content.decode()
    api_tags = {row["slug"] for row in api.get("/api/v1/tags/").json()["results"]}
    assert {Tag.objects.get(name=name).slug for name in ALL_TAGS} <= api_tags


@pytest.mark.parametrize("tag", ["_", "+++", "🙂", "-straße", "a\u202eb", "☎ nbn"])
def test_a_tag_without_a_leading_letter_or_digit_is_refused_everywhere(
    client, board, customer, question, tag
):
    client.force_login(customer)
    api = api_as(customer)
    form = {"board": board.pk, "title": "A refused tag here", "body": "Words."}

    asked = client.post(reverse("forum:ask"), {**form, "tags": tag})
    edited = client.post(
        reverse("forum:edit_post", args=[question.first_post_id]),
        {"title": question.title, "body": "Words.", "tags": tag},
    )
    created = api.post(
        "/api/v1/threads/",
        {
            "board": board.slug,
            "title": "A refused tag here",
            "body": "Words.",
            "tags": [tag],
        },
        format="json",
    )
    patched = api.patch(
        f"/api/v1/threads/{question.pk}/", {"tags": [tag]}, format="json"
    )

    assert asked.status_code == 200
    assert "is not a valid tag" in asked.content.decode()
    assert edited.status_code == 200
    assert "is not a valid tag" in edited.content.decode()
    for response in (created, patched):
        assert response.status_code == 400
        assert "is not a valid tag" in str(response.json())
    assert not Thread.objects.filter(title="A refused tag here").exists()
    assert sorted(t.name for t in question.tags.all()) == ["dropouts", "nbn"]


def test_tags_are_stored_in_one_normal_form_and_lower_case():
    assert clean_tags("ＮＢＮ, Straße, " + unicodedata.normalize("NFD", "Việt")) == [
        "nbn",
        "straße",
        "việt",
    ]


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_every_accepted_tag_has_a_slug_with_an_address(text):
    try:
        tags = clean_tags([text])
    except ValidationError:
        return
    for tag in tags:
        slug = slugify(tag, allow_unicode=True)
        assert slug
        assert reverse("forum:tag", args=[slug])
