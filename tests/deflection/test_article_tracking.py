"""Result clicks on knowledge articles (/go/a/<id>/)."""

import pytest

from forum.deflection.models import EventKind, EventSource, JourneyEvent
from tests.factories import ArticleFactory, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_article_click_is_logged_and_redirects_to_the_article(client):
    article = ArticleFactory()
    client.get("/support/contact/", {"q": "apn"})

    response = client.get(
        f"/go/a/{article.pk}/", {"rank": "2", "source": "contact_suggestions"}
    )

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    click = JourneyEvent.objects.get(kind=EventKind.RESULT_CLICK)
    assert (click.article, click.thread, click.rank, click.source) == (
        article,
        None,
        2,
        EventSource.CONTACT_SUGGESTIONS,
    )


def test_the_article_click_takes_the_articles_first_board(client):
    first, second = BoardFactory(), BoardFactory()
    article = ArticleFactory()
    article.boards.set([second, first])
    client.get("/support/contact/", {"q": "apn"})

    client.get(f"/go/a/{article.pk}/")

    assert JourneyEvent.objects.get(kind=EventKind.RESULT_CLICK).board == first


def test_the_article_click_url_cannot_redirect_anywhere_else(client):
    article = ArticleFactory()

    response = client.get(f"/go/a/{article.pk}/", {"next": "https://evil.example"})

    assert response["Location"] == article.get_absolute_url()
    assert response["Location"].startswith("/")


def test_the_article_click_is_not_indexed_nor_stored(client):
    article = ArticleFactory()

    response = client.get(f"/go/a/{article.pk}/")

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("state", ["draft", "in_review", "archived"])
def test_unpublished_articles_are_404(client, state):
    article = ArticleFactory(state=state)

    assert client.get(f"/go/a/{article.pk}/").status_code == 404
    assert client.get("/go/a/999999/").status_code == 404


def test_an_authors_own_draft_is_no_search_result_either(client):
    author = UserFactory()
    draft = ArticleFactory(state="draft", owner=author)
    client.force_login(author)

    assert client.get(f"/go/a/{draft.pk}/").status_code == 404


def test_a_click_outside_a_journey_redirects_without_logging(client):
    article = ArticleFactory()

    response = client.get(f"/go/a/{article.pk}/")

    assert response.status_code == 302
    assert not JourneyEvent.objects.exists()


def test_the_article_click_answers_get_only(client):
    article = ArticleFactory()

    assert client.post(f"/go/a/{article.pk}/").status_code == 405
