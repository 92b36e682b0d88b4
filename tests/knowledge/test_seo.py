"""Search engines and feed readers: the sitemap lists published articles only."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_published_articles_only(client, category):
    published = ArticleFactory(category=category, title="Published guide here")
    draft = ArticleFactory(category=category, state="draft")
    archived = ArticleFactory(category=category, state="archived")

    content = client.get("/sitemap.xml").content.decode()

    assert published.get_absolute_url() in content
    assert draft.get_absolute_url() not in content
    assert archived.get_absolute_url() not in content


def test_the_feed_links_are_absolute(client, settings, category):
    settings.SITE_URL = "https://crowd.example.com"
    article = ArticleFactory(category=category)

    content = client.get("/kb/feed/").content.decode()

    assert f"https://crowd.example.com{article.get_absolute_url()}" in content
