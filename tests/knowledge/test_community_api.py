"""The community actions in the API: drafting from a thread, feedback, follows;
4xx JSON on bad input, nothing changed then."""

import pytest
from rest_framework.test import APIClient

from forum.knowledge.models import Article, ArticleFeedback, ArticleFollow
from tests.factories import ArticleCategoryFactory, ArticleFactory
from tests.knowledge.community import solved_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def article(expert):
    return ArticleFactory(owner=expert)


@pytest.fixture
def solved(board, customer, other_customer):
    ArticleCategoryFactory(name="NBN & Internet", slug="nbn")
    return solved_thread(board, asker=customer, answerer=other_customer)


def test_an_expert_drafts_from_a_thread(api, solved, expert, other_customer):
    api.force_authenticate(expert)

    response = api.post(f"/api/v1/threads/{solved.pk}/article/", {})

    assert response.status_code == 201
    article = Article.objects.get(pk=response.json()["id"])
    assert article.state == "draft" and article.credited_to == other_customer
    assert response.json()["url"] == article.get_absolute_url()


def test_drafting_with_a_chosen_category(api, solved, expert):
    chosen = ArticleCategoryFactory(name="Help", slug="help")
    api.force_authenticate(expert)

    api.post(f"/api/v1/threads/{solved.pk}/article/", {"category": "help"})

    assert Article.objects.get().category == chosen


def test_an_unknown_category_is_a_400(api, solved, expert):
    api.force_authenticate(expert)

    response = api.post(f"/api/v1/threads/{solved.pk}/article/", {"category": "nope"})

    assert response.status_code == 400
    assert "category" in response.json()
    assert not Article.objects.exists()


def test_drafting_twice_is_a_400_with_the_reason(api, solved, expert):
    api.force_authenticate(expert)
    api.post(f"/api/v1/threads/{solved.pk}/article/", {})

    response = api.post(f"/api/v1/threads/{solved.pk}/article/", {})

    assert response.status_code == 400
    assert "already has a knowledge article" in str(response.json())


def test_a_customer_drafting_is_a_403(api, solved, customer):
    api.force_authenticate(customer)

    response = api.post(f"/api/v1/threads/{solved.pk}/article/", {})

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Article.objects.exists()


def test_a_member_says_an_article_helped(api, article, customer):
    api.force_authenticate(customer)

    response = api.post(f"/api/v1/articles/{article.pk}/feedback/", {"helpful": True})

    assert response.status_code == 200
    assert response.json() == {
        "helpful": True,
        "helpful_count": 1,
        "unhelpful_count": 0,
    }


def test_feedback_needs_a_yes_or_no(api, article, customer):
    api.force_authenticate(customer)

    response = api.post(f"/api/v1/articles/{article.pk}/feedback/", {"comment": "x"})

    assert response.status_code == 400
    assert "helpful" in response.json()
    assert not ArticleFeedback.objects.exists()


def test_feedback_with_unknown_fields_is_a_400(api, article, customer):
    api.force_authenticate(customer)

    response = api.post(
        f"/api/v1/articles/{article.pk}/feedback/", {"helpful": True, "stars": 5}
    )

    assert response.status_code == 400


def test_feedback_on_an_archived_article_is_a_403(api, expert, customer):
    archived = ArticleFactory(owner=expert, state="archived")
    api.force_authenticate(customer)

    response = api.post(f"/api/v1/articles/{archived.pk}/feedback/", {"helpful": True})

    assert response.status_code == 403
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_a_draft_is_a_404(api, expert, customer):
    draft = ArticleFactory(owner=expert, state="draft")
    api.force_authenticate(customer)

    response = api.post(f"/api/v1/articles/{draft.pk}/feedback/", {"helpful": True})

    assert response.status_code == 404


def test_visitors_must_sign_in_for_api_feedback(api, article):
    response = api.post(f"/api/v1/articles/{article.pk}/feedback/", {"helpful": True})

    assert response.status_code in (401, 403)
    assert not ArticleFeedback.objects.exists()


def test_follow_and_unfollow(api, article, customer):
    api.force_authenticate(customer)

    assert api.post(f"/api/v1/articles/{article.pk}/follow/").json() == {
        "following": True
    }
    assert ArticleFollow.objects.filter(user=customer).exists()
    assert api.delete(f"/api/v1/articles/{article.pk}/follow/").json() == {
        "following": False
    }
    assert not ArticleFollow.objects.exists()


def test_the_schema_names_the_community_endpoints(api):
    schema = api.get("/api/v1/schema/?format=json").json()

    assert "/api/v1/threads/{thread_id}/article/" in schema["paths"]
    assert "/api/v1/articles/{article_id}/feedback/" in schema["paths"]
    assert "/api/v1/articles/{article_id}/follow/" in schema["paths"]
