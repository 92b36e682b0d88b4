"""Journey events naming knowledge articles through the API, and the article
tables in the report data."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import create_api_token
from forum.deflection.models import DailyArticleStats, EventKind, JourneyEvent
from tests.factories import ArticleFactory, ThreadFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/deflection/events/"


@pytest.fixture
def api():
    client = APIClient()
    client.get("/support/contact/", {"q": "apn settings"})  # a journey, by cookie
    return client


@pytest.mark.parametrize(
    "kind", ["result_click", "article_view", "helpful_yes", "helpful_no"]
)
def test_a_widget_reports_events_on_an_article(api, kind):
    article = ArticleFactory()

    response = api.post(
        EVENTS, {"kind": kind, "article": article.pk, "rank": 2}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["journey"]
    event = JourneyEvent.objects.exclude(kind=EventKind.SEARCH).get()
    assert (event.kind, event.article, event.thread) == (kind, article, None)


def test_an_article_view_is_reported_once_per_journey(api):
    article = ArticleFactory()

    for _ in range(2):
        api.post(EVENTS, {"kind": "article_view", "article": article.pk}, format="json")

    assert JourneyEvent.objects.filter(kind=EventKind.ARTICLE_VIEW).count() == 1


@pytest.mark.parametrize("state", ["draft", "in_review", "archived"])
def test_an_unpublished_article_is_a_400_with_a_json_body(api, state):
    article = ArticleFactory(state=state)

    response = api.post(
        EVENTS, {"kind": "result_click", "article": article.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"article": ["No such published article."]}
    assert not JourneyEvent.objects.exclude(kind=EventKind.SEARCH).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "result_click", "article": 999999},
        {"kind": "result_click", "article": "x"},
        {"kind": "result_click", "article": 0},
        {"kind": "result_click", "article": 1, "thread": 1},
        {"kind": "article_view", "thread": 1},
        {"kind": "thread_view", "article": 1},
        {"kind": "helpful_yes"},
    ],
)
def test_bad_article_events_are_400(api, body):
    ArticleFactory()
    ThreadFactory()

    response = api.post(EVENTS, body, format="json")

    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert not JourneyEvent.objects.exclude(kind=EventKind.SEARCH).exists()


def test_the_schema_documents_the_article_field():
    body = APIClient().get("/api/v1/schema/", {"format": "json"}).json()

    event = body["components"]["schemas"]["EventRequest"]["properties"]
    assert "article" in event
    assert "article_view" in str(body["components"]["schemas"])


def test_the_report_data_lists_articles(manager):
    article = ArticleFactory(title="Set up your APN")
    DailyArticleStats.objects.create(
        day=timezone.localdate(),
        article=article,
        opened=4,
        deflected=3,
        confirmed=2,
        failed=1,
        helpful_yes=3,
        helpful_no=1,
    )
    client = APIClient()
    token = create_api_token(manager, name="tests")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    data = client.get("/api/v1/reports/deflection/", {"period": "7"}).json()

    [row] = data["deflecting_articles"]
    assert (row["article_id"], row["title"], row["deflected"]) == (
        article.pk,
        "Set up your APN",
        3,
    )
    assert [r["article_id"] for r in data["failed_articles"]] == [article.pk]
    helpful = data["article_helpfulness"][0]
    assert (helpful["helpful_yes"], helpful["helpful_no"]) == (3, 1)
    assert helpful["helpful_share"] == 0.75
