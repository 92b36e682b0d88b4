"""Every knowledge base list and detail page renders in a fixed number of
queries, whether it shows one article (or version) or twenty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.knowledge import services
from tests.factories import ArticleFactory, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _published(category, **fields):
    article = ArticleFactory(category=category, owner=UserFactory(), **fields)
    article.tags.set(["modem", "wifi"])
    article.boards.set([BoardFactory()])
    return article


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_home_and_category_query_counts_do_not_grow(reviewer_client, category):
    _published(category)
    urls = [reverse("knowledge:home"), category.get_absolute_url()]
    [queries_for(reviewer_client, url) for url in urls]  # warm caches first
    before = [queries_for(reviewer_client, url) for url in urls]

    for _ in range(19):
        _published(category)

    assert [queries_for(reviewer_client, url) for url in urls] == before


def test_article_page_query_count_does_not_grow_with_tags_or_boards(
    reviewer_client, category
):
    one = _published(category)
    many = ArticleFactory(category=category)
    many.tags.set([f"tag{n}" for n in range(5)])
    many.boards.set([BoardFactory() for _ in range(10)])
    queries_for(reviewer_client, one.get_absolute_url())

    assert queries_for(reviewer_client, many.get_absolute_url()) == queries_for(
        reviewer_client, one.get_absolute_url()
    )


def _edit(article, by, n):
    return services.edit_article(
        article, by=by, title=article.title, body=f"Version {n} text.",
        summary="", tags=[], boards=[], category=article.category,
    )  # fmt: skip


def test_history_and_diff_query_counts_do_not_grow(reviewer_client, draft, reviewer):
    _edit(draft, reviewer, 2)
    urls = [
        reverse("knowledge:history", args=[draft.pk]),
        reverse("knowledge:diff", args=[draft.pk]),
    ]
    [queries_for(reviewer_client, url) for url in urls]
    before = [queries_for(reviewer_client, url) for url in urls]

    for n in range(3, 22):
        _edit(draft, UserFactory(role="moderator"), n)

    assert [queries_for(reviewer_client, url) for url in urls] == before


def test_queue_query_count_does_not_grow(reviewer_client, category, reviewer):
    def make_one():
        article = ArticleFactory(category=category, state="in_review")
        article.tags.set(["modem"])
        ArticleFactory(category=category, state="draft", owner=reviewer)
        ArticleFactory(category=category, last_reviewed_at=None)

    make_one()
    url = reverse("knowledge:queue")
    queries_for(reviewer_client, url)
    before = queries_for(reviewer_client, url)

    for _ in range(19):
        make_one()

    assert queries_for(reviewer_client, url) == before


def test_feed_and_sitemap_query_counts_do_not_grow(client, category):
    _published(category)
    urls = [reverse("knowledge:feed"), "/sitemap.xml"]
    [queries_for(client, url) for url in urls]
    before = [queries_for(client, url) for url in urls]

    for _ in range(19):
        _published(category)

    assert [queries_for(client, url) for url in urls] == before
