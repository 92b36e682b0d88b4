"""The knowledge base's pages: wiring, notices, workflow buttons, history."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.knowledge import services
from forum.knowledge.models import Article, ArticleState
from tests.factories import ArticleCategoryFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def _json_ld(response) -> dict:
    content = response.content.decode()
    start = content.index('<script type="application/ld+json">') + 35
    return json.loads(content[start : content.index("</script>", start)])


def test_home_lists_categories_and_published_articles(client, category):
    ArticleFactory(category=category, title="Setting up voicemail")
    ArticleFactory(category=category, title="Secret draft", state="draft")

    response = client.get(reverse("knowledge:home"))

    assert response.status_code == 200
    assert b"Setting up voicemail" in response.content
    assert b"Secret draft" not in response.content
    assert b"NBN &amp; Internet" in response.content


def test_the_header_links_to_the_knowledge_base(client):
    response = client.get("/")
    assert reverse("knowledge:home").encode() in response.content


def test_category_lists_its_published_articles(client, category):
    ArticleFactory(category=category, title="Setting up voicemail")
    ArticleFactory(title="In another category")

    response = client.get(category.get_absolute_url())

    assert b"Setting up voicemail" in response.content
    assert b"In another category" not in response.content


def test_an_unknown_category_is_404(client, db):
    assert client.get(reverse("knowledge:category", args=["nope"])).status_code == 404


def test_the_article_page_shows_the_article_and_counts_a_view(client, published):
    response = client.get(published.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Setting up your NBN modem" in content
    assert "Steps to connect a new modem." in content
    assert "<ol>" in content
    assert "modem" in content and "NBN &amp; Internet" in content
    assert "Last reviewed" in content
    assert "noindex" not in content
    published.refresh_from_db()
    assert published.view_count == 1


def test_a_wrong_slug_redirects_to_the_right_one(client, published):
    response = client.get(reverse("knowledge:article", args=[published.pk, "old"]))
    assert response.status_code == 301
    assert response["Location"] == published.get_absolute_url()
    short = client.get(reverse("knowledge:article_short", args=[published.pk]))
    assert short["Location"] == published.get_absolute_url()


def test_a_published_article_has_article_json_ld_and_open_graph(client, published):
    response = client.get(published.get_absolute_url())

    data = _json_ld(response)
    assert data["@type"] == "Article"
    assert data["headline"] == "Setting up your NBN modem"
    assert data["description"] == "Steps to connect a new modem."
    assert data["datePublished"] and data["dateModified"]
    assert data["author"]["name"] == published.owner.name
    assert data["publisher"]["@type"] == "Organization"
    assert b'property="og:type" content="article"' in response.content


def test_json_ld_cannot_close_its_script_block(client, author, category, reviewer):
    article = services.create_article(
        by=author,
        category=category,
        title="</script><script>alert(1)</script>",
        body="Body.",
        summary="</script>",
    )
    services.submit_article(article, by=author)
    services.publish_article(article, by=reviewer)

    content = client.get(article.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in content


def test_an_archived_article_still_answers_with_a_notice(client, archived):
    response = client.get(archived.get_absolute_url())

    assert response.status_code == 200
    assert b"This article is archived." in response.content
    assert b'<meta name="robots" content="noindex">' in response.content
    assert b"application/ld+json" not in response.content


def test_an_old_review_shows_the_out_of_date_notice(client, published):
    Article.objects.filter(pk=published.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=181)
    )
    response = client.get(published.get_absolute_url())
    assert b"may be out of date" in response.content


def test_a_recent_review_shows_no_notice(client, published):
    response = client.get(published.get_absolute_url())
    assert b"may be out of date" not in response.content


def test_the_review_interval_is_a_site_setting(client, published):
    from forum.console import conf
    from forum.console.models import SiteSettings

    SiteSettings.objects.create(pk=1, article_review_days=10)
    conf.forget()
    Article.objects.filter(pk=published.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=11)
    )
    response = client.get(published.get_absolute_url())
    assert b"more than 10 days ago" in response.content


def test_a_draft_is_404_to_visitors_and_other_customers(client, draft, customer):
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(customer)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_author_sees_their_draft_with_its_state(client, draft, author):
    client.force_login(author)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert b"Draft:" in response.content
    assert b"noindex" in response.content
    assert reverse("knowledge:submit", args=[draft.pk]).encode() in response.content
    assert (
        reverse("knowledge:publish", args=[draft.pk]).encode() not in response.content
    )


def test_a_reviewer_sees_publish_and_return_on_an_article_in_review(
    client, in_review, reviewer
):
    client.force_login(reviewer)
    content = client.get(in_review.get_absolute_url()).content
    assert reverse("knowledge:publish", args=[in_review.pk]).encode() in content
    assert reverse("knowledge:return", args=[in_review.pk]).encode() in content


def test_a_reader_sees_no_workflow_buttons(client, published, customer):
    client.force_login(customer)
    content = client.get(published.get_absolute_url()).content
    assert b"Article workflow" not in content


def test_writing_an_article_through_the_form(client, author, category, board):
    client.force_login(author)
    response = client.post(
        reverse("knowledge:new"),
        {
            "title": "Roaming in New Zealand",
            "category": category.pk,
            "summary": "Turn on roaming before you fly.",
            "body": "Open **My account** and turn roaming on.",
            "tags": "roaming, travel",
            "boards": [board.pk],
        },
    )
    article = Article.objects.get(title="Roaming in New Zealand")
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert article.state == ArticleState.DRAFT
    assert sorted(article.tags.names()) == ["roaming", "travel"]


def test_the_form_shows_bad_input_beside_the_field(client, author, category):
    client.force_login(author)
    response = client.post(
        reverse("knowledge:new"),
        {"title": "Short", "category": category.pk, "body": "Body."},
    )
    assert response.status_code == 200
    assert b"at least 8 characters" in response.content
    assert not Article.objects.exists()


def test_customers_cannot_open_the_new_article_form(client, customer):
    client.force_login(customer)
    assert client.get(reverse("knowledge:new")).status_code == 403


def test_editing_through_the_form_saves_a_version(client, draft, author):
    client.force_login(author)
    url = reverse("knowledge:edit", args=[draft.pk])
    form = client.get(url).context["form"]
    data = {**form.initial, "category": draft.category.pk, "body": "New body."}
    data["boards"] = [b.pk for b in data["boards"]]
    data["note"] = "Simpler"

    response = client.post(url, data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 2 and draft.body == "New body."


def test_a_stale_edit_form_is_refused_with_a_message(client, draft, author, reviewer):
    services.edit_article(
        draft,
        by=reviewer,
        title=draft.title,
        body="Reviewer's text.",
        summary="",
        tags=[],
        boards=[],
        category=draft.category,
    )
    client.force_login(author)
    response = client.post(
        reverse("knowledge:edit", args=[draft.pk]),
        {
            "title": draft.title,
            "category": draft.category.pk,
            "body": "Author's text.",
            "expected_version": 1,
        },
    )
    assert response.status_code == 200
    assert b"Someone saved version 2" in response.content
    draft.refresh_from_db()
    assert draft.body == "Reviewer's text."


def test_the_workflow_buttons_move_the_article(client, draft, author, reviewer):
    client.force_login(author)
    response = client.post(reverse("knowledge:submit", args=[draft.pk]))
    assert response.status_code == 302
    client.force_login(reviewer)
    client.post(reverse("knowledge:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == ArticleState.PUBLISHED


def test_a_move_from_the_wrong_state_is_refused_with_a_message(client, draft, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("knowledge:archive", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert b"Only an article that is published can be archived" in response.content
    draft.refresh_from_db()
    assert draft.state == ArticleState.DRAFT


def test_a_move_the_user_may_not_make_is_403(client, in_review, author):
    client.force_login(author)
    response = client.post(reverse("knowledge:publish", args=[in_review.pk]))
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.IN_REVIEW


def test_returning_without_a_note_is_refused(client, in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("knowledge:return", args=[in_review.pk]), {"note": ""}, follow=True
    )
    assert b"Say what the author should change" in response.content
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.IN_REVIEW


def test_workflow_views_refuse_get(client, draft, author):
    client.force_login(author)
    assert client.get(reverse("knowledge:submit", args=[draft.pk])).status_code == 405


def test_mark_reviewed_button(client, published, author):
    client.force_login(author)
    response = client.post(reverse("knowledge:reviewed", args=[published.pk]))
    assert response.status_code == 302


def test_history_and_diff_show_the_change(client, published, reviewer):
    services.edit_article(
        published,
        by=reviewer,
        title=published.title,
        body="1. Plug in the modem.\n2. Wait for the green light.",
        summary=published.summary,
        tags=["modem", "nbn"],
        boards=list(published.boards.all()),
        category=published.category,
        note="Green light",
    )
    history = client.get(reverse("knowledge:history", args=[published.pk]))
    assert b"Green light" in history.content

    diff = client.get(reverse("knowledge:diff", args=[published.pk]))

    content = diff.content.decode()
    assert "removed: </span>2. Wait for the lights.</del>" in content
    assert "added: </span>2. Wait for the green light.</ins>" in content


def test_a_diff_of_a_missing_version_is_404(client, published):
    url = reverse("knowledge:diff", args=[published.pk])
    assert client.get(url, {"from": "9", "to": "1"}).status_code == 404
    assert client.get(url, {"from": "x", "to": "-1"}).status_code == 200


def test_the_history_of_a_draft_is_hidden_from_visitors(client, draft):
    assert client.get(reverse("knowledge:history", args=[draft.pk])).status_code == 404


def test_the_queue_lists_articles_waiting_for_review(client, in_review, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("knowledge:queue"))
    assert response.status_code == 200
    assert list(response.context["in_review"]) == [in_review]


def test_the_queue_shows_an_author_their_drafts(client, draft, author):
    client.force_login(author)
    response = client.get(reverse("knowledge:queue"))
    assert response.context["mine"] == [draft]
    assert response.context["in_review"] == []


def test_the_queue_lists_articles_due_for_review(client, published, author):
    Article.objects.filter(pk=published.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=200)
    )
    client.force_login(author)
    assert client.get(reverse("knowledge:queue")).context["due"] == [published]


def test_customers_cannot_open_the_queue(client, customer):
    client.force_login(customer)
    assert client.get(reverse("knowledge:queue")).status_code == 403


def test_the_feed_lists_published_articles(client, published, draft):
    other = ArticleCategoryFactory()
    ArticleFactory(category=other, title="Never published", state="draft")
    response = client.get(reverse("knowledge:feed"))
    assert response.status_code == 200
    assert b"Setting up your NBN modem" in response.content
    assert b"Never published" not in response.content
