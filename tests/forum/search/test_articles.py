"""Knowledge articles in search: indexed while published, ranked with threads on
one scale, shown as articles behind every door, pinnable by managers."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.knowledge.models import ArticleState
from forum.search import index_thread, search_threads, suggest_answers, vocabulary
from forum.search.models import ArticleDocument, Promotion, SearchStats, SearchTerm
from forum.search.services import promote_article, remove_promotion
from tests.factories import ArticleCategoryFactory, ArticleFactory, ThreadFactory
from tests.forum.search.conftest import SEARCH_QUERIES

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("forum:search")


def _article(title="Set up voicemail on your mobile", **fields):
    fields.setdefault("summary", "Dial 101 and follow the prompts.")
    fields.setdefault(
        "body", "Call 101 from your phone, choose a PIN, record a greeting."
    )
    return ArticleFactory(title=title, **fields)


def _stats() -> dict:
    return SearchStats.objects.values(
        "documents", "title_terms", "body_terms", "replies_terms", "articles"
    ).get(pk=1)


def _count(term: str) -> int:
    return (
        SearchTerm.objects.filter(term=term).values_list("doc_count", flat=True).first()
        or 0
    )


# --- The index, kept exact -------------------------------------------------------


def test_a_published_article_is_indexed_with_its_words_counted(indexed_thread):
    indexed_thread("Voicemail not working", "No greeting plays.")
    before = _stats()

    article = _article(title="Set up voicemail")

    document = ArticleDocument.objects.get(article=article)
    assert document.is_public and document.is_solved and document.is_expert_verified
    assert document.replies == ""
    assert document.body.startswith("Dial 101 and follow the prompts.")
    stats = _stats()
    assert stats["documents"] == before["documents"] + 1
    assert stats["articles"] == 1
    assert stats["title_terms"] == before["title_terms"] + document.title_length
    assert _count("voicemail") == 2
    assert _count("greet") == 2


def test_drafts_and_articles_in_review_are_not_indexed():
    ArticleFactory(title="Roaming packs explained", state=ArticleState.DRAFT)
    ArticleFactory(title="Roaming packs explained", state=ArticleState.IN_REVIEW)

    assert not ArticleDocument.objects.exists()
    assert _count("roam") == 0
    assert _stats()["documents"] == 0


def test_editing_an_article_moves_the_counts_to_its_new_words():
    article = _article(title="Set up voicemail")

    article.title = "Set up message bank"
    article.save()

    assert _count("voicemail") == 0
    assert not SearchTerm.objects.filter(term="voicemail").exists()
    assert _count("bank") == 1
    assert ArticleDocument.objects.get(article=article).title == "Set up message bank"
    assert _stats()["documents"] == 1


@pytest.mark.parametrize("state", [ArticleState.ARCHIVED, ArticleState.DRAFT])
def test_archiving_or_unpublishing_takes_the_article_out_of_the_index(
    indexed_thread, state
):
    indexed_thread("Voicemail not working", "No greeting plays.")
    before = _stats()
    terms = dict(SearchTerm.objects.values_list("term", "doc_count"))
    article = _article()

    article.state = state
    article.save()

    assert not ArticleDocument.objects.filter(article=article).exists()
    assert _stats() == before
    assert dict(SearchTerm.objects.values_list("term", "doc_count")) == terms


def test_deleting_an_article_takes_it_out_of_the_index(indexed_thread):
    indexed_thread("Voicemail not working", "No greeting plays.")
    before = _stats()
    article = _article()

    article.delete()

    assert not ArticleDocument.objects.exists()
    assert _stats() == before
    assert _count("voicemail") == 1


def test_an_articles_tags_are_searchable_and_counted():
    article = _article()

    article.tags.add("Visual voicemail app")

    assert "Visual voicemail app" in ArticleDocument.objects.get(article=article).body
    assert _count("app") == 1
    assert search_threads("app").hits[0].article == article


def test_the_incremental_counts_equal_a_recount(indexed_thread):
    indexed_thread("Voicemail not working", "No greeting plays.")
    article = _article()
    _article(title="Change your voicemail PIN", body="Dial 101, option 3.")
    article.title = "Voicemail setup"
    article.save()
    stats = _stats()
    terms = dict(SearchTerm.objects.values_list("term", "doc_count"))

    vocabulary.recount()

    assert _stats() == stats
    assert dict(SearchTerm.objects.values_list("term", "doc_count")) == terms


def test_the_rebuild_command_indexes_articles_again(indexed_thread):
    from django.core.management import call_command

    article = _article()
    ArticleDocument.objects.all().delete()
    assert _stats()["articles"] == 0

    call_command("rebuild_search_index", verbosity=0)

    assert ArticleDocument.objects.filter(article=article).exists()
    assert _stats()["articles"] == 1


# --- Ranking with threads --------------------------------------------------------


def test_an_article_that_answers_the_query_outranks_weaker_threads(indexed_thread):
    indexed_thread("New phone arrived", "It works but voicemail greeting is odd.")
    indexed_thread("Dialling overseas", "Which code do I dial first?")
    article = _article(
        title="How to set up voicemail",
        summary="Set up voicemail: dial 101, choose a PIN and record a greeting.",
    )

    hits = search_threads("how do I set up voicemail").hits

    assert hits[0].article == article
    assert hits[0].thread is None and hits[0].kind == "article"
    assert {hit.kind for hit in hits[1:]} == {"thread"}


def test_a_thread_that_answers_better_outranks_a_vaguely_matching_article(
    indexed_thread,
):
    thread = indexed_thread(
        "eSIM activation stuck on iPhone 15",
        "The eSIM activation on my iPhone 15 is stuck at 'activating'.",
        solution="Restart the iPhone, then scan the eSIM QR code again.",
    )
    _article(
        title="Our mobile plans",
        summary="Plans and prices.",
        body="Every plan includes an eSIM or a physical SIM.",
    )

    hits = search_threads("esim activation stuck iphone").hits

    assert hits[0].thread == thread
    assert hits[1].kind == "article"


def test_an_article_counts_as_an_expert_verified_answer_in_the_explanation(
    indexed_thread,
):
    _article()

    scored = search_threads("voicemail", explain=True).hits[0].explanation

    assert scored.is_article
    assert scored.candidate.is_solved and scored.candidate.is_expert_verified


def test_the_board_filter_keeps_articles_that_name_the_board(board, other_board):
    article = _article()
    article.boards.add(board)

    assert search_threads("voicemail", board=board).hits[0].article == article
    assert search_threads("voicemail", board=other_board).hits == []


def test_solved_only_keeps_articles_as_answers(indexed_thread):
    indexed_thread("Voicemail broken", "No answer yet.")
    article = _article()

    hits = search_threads("voicemail", solved_only=True).hits

    assert [hit.article for hit in hits] == [article]


def test_the_tag_filter_applies_to_articles():
    tagged = _article()
    tagged.tags.add("voicemail")
    _article(title="Voicemail PIN reset")

    hits = search_threads("voicemail", tag="voicemail").hits

    assert [hit.article for hit in hits] == [tagged]


def test_an_article_archived_since_a_ranking_was_cached_is_gone(settings):
    settings.SEARCH_RANKING_CACHE_SECONDS = 60
    article = _article()
    assert search_threads("voicemail").hits

    article.state = ArticleState.ARCHIVED
    article.save()

    assert search_threads("voicemail").hits == []


# --- Every door -------------------------------------------------------------------


def test_the_search_page_marks_an_article_with_its_category_and_tracked_link(client):
    category = ArticleCategoryFactory(name="Mobile help", slug="mobile-help")
    article = _article(category=category)

    html = client.get(SEARCH_URL, {"q": "voicemail"}).content.decode()

    assert "Knowledge article" in html
    assert "Mobile help" in html
    tracked = reverse("deflection:go_article", args=[article.pk])
    assert f'href="{tracked}?rank=1&amp;source=search_page"' in html
    assert "Dial 101 and follow the prompts." in html


@pytest.mark.parametrize("state", [ArticleState.ARCHIVED, ArticleState.DRAFT])
def test_archived_and_draft_articles_never_appear_behind_any_door(client, state):
    _article(state=state)

    page = client.get(SEARCH_URL, {"q": "voicemail"})
    api = client.get("/api/v1/search/", {"q": "voicemail"}).json()
    similar = client.get(reverse("forum:similar_threads"), {"title": "voicemail"})
    contact = client.get(reverse("deflection:contact"), {"q": "voicemail"})

    assert page.context["results"].hits == []
    assert api["results"] == []
    assert similar.json()["results"] == []
    assert "badge-article" not in contact.content.decode()
    assert suggest_answers("voicemail") == []


def test_the_api_names_an_article_result_and_keeps_every_thread_field(
    client, indexed_thread
):
    thread = indexed_thread("Voicemail greeting missing", "Callers hear silence.")
    article = _article()

    results = client.get("/api/v1/search/", {"q": "voicemail"}).json()["results"]

    by_type = {result["type"]: result for result in results}
    assert by_type["article"]["thread"] is None
    assert by_type["article"]["article"] == {
        "id": article.pk,
        "title": article.title,
        "url": article.get_absolute_url(),
        "category": article.category.name,
    }
    assert by_type["thread"]["article"] is None
    assert by_type["thread"]["thread"]["id"] == thread.pk
    assert {"rank", "title_html", "snippet", "recommended"} <= set(by_type["article"])


def test_the_ask_pages_suggestions_include_articles(client):
    article = _article()

    results = client.get(
        reverse("forum:similar_threads"), {"title": "set up voicemail"}
    ).json()["results"]

    assert results[0]["type"] == "article"
    assert results[0]["title"] == article.title
    assert results[0]["page_url"] == article.get_absolute_url()
    assert results[0]["url"].startswith(
        reverse("deflection:go_article", args=[article.pk])
    )
    assert results[0]["board"] == article.category.name
    assert set(results[0]) >= {"title", "url", "board", "solved"}


def test_the_ask_page_without_javascript_lists_articles(client, customer):
    _article()
    client.force_login(customer)

    html = client.post(
        reverse("forum:ask"), {"title": "set up voicemail", "check": "1"}
    ).content.decode()

    assert "Knowledge article" in html


def test_the_contact_page_suggests_articles_first_class(client):
    article = _article()

    html = client.get(
        reverse("deflection:contact"), {"q": "voicemail"}
    ).content.decode()

    assert article.title in html
    assert reverse("deflection:go_article", args=[article.pk]) in html
    assert "Knowledge article" in html


def test_the_search_page_query_count_does_not_grow_with_articles(
    client, board, settings
):
    settings.SEARCH_RANKING_CACHE_SECONDS = 0

    def search_page_queries(count: int) -> tuple[bool, int]:
        # Half articles, half threads (at least one of each), so that the page
        # always loads both kinds.
        articles = max(count // 2, 1)
        for _ in range(articles):
            _article(title=f"Outage {count}", summary="", body="Down.")
        for _ in range(max(count - articles, 1)):
            thread = ThreadFactory(board=board, title=f"Outage {count}", body="Down.")
            index_thread(thread.pk)
        Client().get(SEARCH_URL, {"q": f"outage {count}"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH_URL, {"q": f"outage {count}"})
        hits = response.context["results"].hits
        return {hit.kind for hit in hits} == {"thread", "article"}, len(queries)

    # Caches the board menu and the synonym rules, and gives this visitor's
    # journey an article result, as any earlier search would have.
    _article(title="Warm welcome", summary="", body="Hello.")
    client.get(SEARCH_URL, {"q": "warm"})
    # The thread search, the articles' candidates (two statements on SQLite: the
    # counts and the documents; one on PostgreSQL, with its savepoint and
    # statement timeout around it: five), the page's articles, and the journey
    # event, which names the board of its top result (an article: two more).
    article_queries = 6 if connection.vendor == "postgresql" else 3
    expected = SEARCH_QUERIES + article_queries + 3 + 2
    assert search_page_queries(1) == (True, expected)
    assert search_page_queries(20) == (True, expected)


# --- Promotions -------------------------------------------------------------------


def test_a_promoted_article_shows_first_and_marked(indexed_thread, manager):
    indexed_thread("Voicemail not working", "No greeting plays.")
    article = _article(title="Message bank guide", summary="Everything about it.")

    promote_article(query="voicemail not working", article=article, by=manager)
    hits = search_threads("voicemail not working").hits

    assert (hits[0].article, hits[0].promoted) == (article, True)
    assert not any(hit.promoted for hit in hits[1:])


def test_only_a_published_article_can_be_promoted(manager):
    from django.core.exceptions import ValidationError

    draft = _article(state=ArticleState.DRAFT)

    with pytest.raises(ValidationError):
        promote_article(query="voicemail", article=draft, by=manager)
    assert not Promotion.objects.exists()


def test_a_promoted_article_archived_later_stops_showing(manager):
    article = _article()
    promote_article(query="voicemail", article=article, by=manager)

    article.state = ArticleState.ARCHIVED
    article.save()

    assert search_threads("voicemail").hits == []


def test_promoting_an_article_twice_is_refused(manager):
    from django.core.exceptions import ValidationError

    article = _article()
    promote_article(query="voicemail", article=article, by=manager)

    with pytest.raises(ValidationError):
        promote_article(query="Voicemail", article=article, by=manager)


def test_removing_an_article_promotion_is_audited(manager):
    from forum.moderation.models import AuditEntry, AuditTarget

    article = _article()
    promotion = promote_article(query="voicemail", article=article, by=manager)

    remove_promotion(promotion, by=manager)

    assert not Promotion.objects.exists()
    entries = AuditEntry.objects.filter(target_type=AuditTarget.ARTICLE)
    assert entries.count() == 2


def test_a_promotion_names_exactly_one_thread_or_article(indexed_thread):
    thread = indexed_thread()
    article = _article()

    with pytest.raises(IntegrityError), transaction.atomic():
        Promotion.objects.create(
            query="x", query_key="x", thread=thread, article=article
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Promotion.objects.create(query="x", query_key="x")


@pytest.mark.parametrize("reference", ["{pk}", "/kb/a/{pk}/set-up-voicemail/"])
def test_the_promotions_page_pins_an_article_by_number_or_address(
    client, manager, reference
):
    article = _article()
    client.force_login(manager)

    response = client.post(
        reverse("search:promotions"),
        {"query": "voicemail", "article": reference.format(pk=article.pk)},
    )

    assert response.status_code == 302
    assert Promotion.objects.get().article == article
    page = client.get(reverse("search:promotions")).content.decode()
    assert article.title in page


@pytest.mark.parametrize(
    "data",
    [
        {"query": "voicemail"},
        {"query": "voicemail", "article": "/t/1-nope/"},
        {"query": "voicemail", "article": "999999"},
    ],
)
def test_the_promotions_page_explains_a_missing_or_unknown_article(
    client, manager, data
):
    client.force_login(manager)

    response = client.post(reverse("search:promotions"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Promotion.objects.exists()


def test_the_promotions_page_refuses_a_thread_and_an_article_together(
    client, manager, indexed_thread
):
    thread = indexed_thread()
    article = _article()
    client.force_login(manager)

    response = client.post(
        reverse("search:promotions"),
        {"query": "voicemail", "thread": str(thread.pk), "article": str(article.pk)},
    )

    assert "not both" in json.dumps(response.context["form"].errors)
    assert not Promotion.objects.exists()
