"""The knowledge base API: reading for all, writing per permission, 4xx JSON
on bad input, and the workflow actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import create_api_token
from forum.knowledge import services
from forum.knowledge.models import Article, ArticleState
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as():
    def as_user(user) -> APIClient:
        client = APIClient()
        token = create_api_token(user, name="tests")[1]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return as_user


def test_anyone_lists_published_articles(api, published, draft):
    response = api.get("/api/v1/articles/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [a["id"] for a in results] == [published.pk]
    row = results[0]
    assert row["category"] == "nbn"
    assert row["tags"] == ["modem", "nbn"]
    assert row["can_edit"] is False and row["can_archive"] is False
    assert row["url"] == published.get_absolute_url()


def test_archived_articles_leave_the_list_but_answer_in_detail(api, archived):
    assert api.get("/api/v1/articles/").json()["results"] == []
    detail = api.get(f"/api/v1/articles/{archived.pk}/")
    assert detail.status_code == 200
    assert detail.json()["state"] == "archived"


@pytest.mark.parametrize("name", ["category", "board", "tag"])
def test_the_list_filters(api, published, name):
    value = {"category": "nbn", "board": "nbn-internet", "tag": "modem"}[name]
    ArticleFactory(title="Something else entirely")

    response = api.get("/api/v1/articles/", {name: value})

    assert [a["id"] for a in response.json()["results"]] == [published.pk]


def test_an_unknown_filter_is_a_400_naming_it(api, published):
    response = api.get("/api/v1/articles/", {"category": "nope"})
    assert response.status_code == 400
    assert list(response.json()) == ["category"]


def test_detail_has_the_body_and_what_the_caller_may_do(api_as, published, reviewer):
    data = api_as(reviewer).get(f"/api/v1/articles/{published.pk}/").json()
    assert data["body"].startswith("1. Plug in")
    assert "<ol>" in data["body_html"]
    assert data["can_archive"] is True and data["can_publish"] is False


def test_a_draft_is_404_for_visitors(api, draft):
    response = api.get(f"/api/v1/articles/{draft.pk}/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_an_author_creates_a_draft(api_as, author, category, board):
    response = api_as(author).post(
        "/api/v1/articles/",
        {
            "category": "nbn",
            "title": "Changing your Wi-Fi password",
            "body": "Open the modem's page.",
            "tags": ["wifi"],
            "boards": [board.slug],
        },
        format="json",
    )
    assert response.status_code == 201
    article = Article.objects.get(pk=response.json()["id"])
    assert article.state == ArticleState.DRAFT and article.owner == author
    assert list(article.boards.all()) == [board]


def test_a_customer_cannot_create_an_article(api_as, customer, category):
    response = api_as(customer).post(
        "/api/v1/articles/",
        {"category": "nbn", "title": "Changing your Wi-Fi", "body": "Text."},
        format="json",
    )
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_visitors_cannot_write(api, category):
    response = api.post("/api/v1/articles/", {}, format="json")
    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    "payload",
    [
        {"category": "nope", "title": "Long enough title", "body": "Text."},
        {"category": "nbn", "title": "Short", "body": "Text."},
        {"category": "nbn", "title": "Long enough title", "body": "T", "x": 1},
        {"category": "nbn", "title": "Long enough title", "body": "Tx", "tags": "a"},
        {"category": "nbn", "title": "Long enough title", "body": "Tx", "boards": [1]},
        ["not", "an", "object"],
    ],
)
def test_bad_input_is_a_400_with_json(api_as, author, category, payload):
    response = api_as(author).post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert not Article.objects.exists()


def test_an_update_saves_a_new_version(api_as, draft, author):
    response = api_as(author).patch(
        f"/api/v1/articles/{draft.pk}/",
        {"body": "Updated steps.", "version": 1, "note": "Simpler"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    draft.refresh_from_db()
    assert draft.body == "Updated steps."
    assert sorted(draft.tags.names()) == ["modem", "nbn"]


def test_a_stale_update_is_a_400_and_changes_nothing(api_as, draft, author):
    client = api_as(author)
    client.patch(
        f"/api/v1/articles/{draft.pk}/", {"body": "First.", "version": 1}, format="json"
    )
    response = client.patch(
        f"/api/v1/articles/{draft.pk}/",
        {"body": "Second.", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert "Someone saved version 2" in str(response.json())
    draft.refresh_from_db()
    assert draft.body == "First."


def test_an_update_needs_the_version(api_as, draft, author):
    response = api_as(author).patch(
        f"/api/v1/articles/{draft.pk}/", {"body": "Text."}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_the_workflow_through_the_api(api_as, draft, author, reviewer):
    submitted = api_as(author).post(f"/api/v1/articles/{draft.pk}/submit/")
    assert submitted.json()["state"] == "in_review"
    published = api_as(reviewer).post(f"/api/v1/articles/{draft.pk}/publish/")
    assert published.json()["state"] == "published"
    reviewed = api_as(author).post(f"/api/v1/articles/{draft.pk}/reviewed/")
    assert reviewed.status_code == 200
    archived = api_as(reviewer).post(f"/api/v1/articles/{draft.pk}/archive/")
    assert archived.json()["state"] == "archived"
    restored = api_as(reviewer).post(f"/api/v1/articles/{draft.pk}/restore/")
    assert restored.json()["state"] == "draft"


def test_returning_through_the_api_needs_a_note(api_as, in_review, reviewer):
    client = api_as(reviewer)
    refused = client.post(f"/api/v1/articles/{in_review.pk}/return/", {"note": ""})
    assert refused.status_code == 400
    assert "note" in refused.json()
    done = client.post(f"/api/v1/articles/{in_review.pk}/return/", {"note": "Fix"})
    assert done.json()["state"] == "draft"


def test_a_move_from_the_wrong_state_is_a_400(api_as, draft, reviewer):
    response = api_as(reviewer).post(f"/api/v1/articles/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "in review" in str(response.json())


def test_a_move_the_caller_may_not_make_is_a_403(api_as, in_review, author):
    response = api_as(author).post(f"/api/v1/articles/{in_review.pk}/publish/")
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.IN_REVIEW


def test_categories_are_listed_with_counts(api, published):
    response = api.get("/api/v1/article-categories/")
    assert response.json()["results"][0] == {
        "slug": "nbn",
        "name": "NBN & Internet",
        "description": "",
        "position": 0,
        "article_count": 1,
        "url": "/kb/c/nbn/",
    }
    assert api.get("/api/v1/article-categories/nbn/").status_code == 200


def test_the_schema_describes_the_article_endpoints(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/articles/{id}/publish/" in text
    assert "/api/v1/article-categories/" in text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_article_list_query_count_does_not_grow(api_as, category, board):
    reader = api_as(UserFactory())
    ArticleFactory(category=category).boards.set([board])
    _queries(reader, "/api/v1/articles/")
    with_one = _queries(reader, "/api/v1/articles/")
    for _ in range(19):
        article = ArticleFactory(category=category, owner=UserFactory())
        article.tags.set(["modem", "wifi"])
        article.boards.set([board])
    assert _queries(reader, "/api/v1/articles/") == with_one


def test_services_and_api_agree_on_can_edit(api_as, draft, author):
    data = api_as(author).get(f"/api/v1/articles/{draft.pk}/").json()
    assert data["can_edit"] is True and data["can_submit"] is True
    services.submit_article(draft, by=author)
    data = api_as(author).get(f"/api/v1/articles/{draft.pk}/").json()
    assert data["can_submit"] is False and data["can_return"] is True
