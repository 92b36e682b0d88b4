import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum import permissions, reputation
from forum.knowledge import services as knowledge
from forum.knowledge.models import Article
from forum.knowledge.services.conversion import draft_article_from_thread
from forum.models import Thread
from forum.notifications.models import Notification, NotificationKind
from forum.reputation.models import BadgeAward, KnowledgeCredit
from tests.factories import ArticleCategoryFactory, UserFactory
from tests.knowledge.community import published_from_thread, solved_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def answerer(db):
    return UserFactory(username="petra")


@pytest.fixture
def solved(board, customer, answerer):
    return solved_thread(board, asker=customer, answerer=answerer)


@pytest.fixture
def category(db):
    return ArticleCategoryFactory(name="Getting started", slug="start", position=0)


# --- the draft ----------------------------------------------------------------


def test_expert_drafts_an_article_from_a_solved_thread(
    solved, expert, answerer, board, category
):
    article = draft_article_from_thread(solved, by=expert)

    article.refresh_from_db()
    assert article.state == "draft"
    assert article.title == solved.title
    assert article.source_thread_id == solved.pk
    assert article.credited_to_id == answerer.pk
    assert article.owner_id == expert.pk
    assert list(article.boards.all()) == [board]
    assert sorted(article.tags.names()) == ["dropouts", "nbn"]
    assert "## The question" in article.body and "Every night" in article.body
    assert "## The answer" in article.body and "line test" in article.body
    assert article.summary == "Every night around 8pm the connection drops."
    assert Thread.objects.get(pk=solved.pk).knowledge_article == article


def test_the_category_matching_the_board_is_chosen(solved, expert, category):
    matching = ArticleCategoryFactory(name="NBN & Internet", slug="other", position=5)

    article = draft_article_from_thread(solved, by=expert)

    assert article.category == matching


def test_the_first_category_is_chosen_when_none_matches(solved, expert, category):
    ArticleCategoryFactory(name="Zebra", slug="zebra", position=9)

    assert draft_article_from_thread(solved, by=expert).category == category


def test_the_callers_category_wins(solved, expert, category):
    chosen = ArticleCategoryFactory(name="Billing help", slug="billing-help")

    assert draft_article_from_thread(solved, by=expert, category=chosen).category == (
        chosen
    )


def test_moderator_drafts_from_any_board(solved, moderator, category):
    assert draft_article_from_thread(solved, by=moderator).owner == moderator


# --- refusals -------------------------------------------------------------------


def test_a_thread_becomes_an_article_only_once(solved, expert, moderator, category):
    draft_article_from_thread(solved, by=expert)

    with pytest.raises(ValidationError, match="already has a knowledge article"):
        draft_article_from_thread(solved, by=moderator)
    assert Article.objects.count() == 1


def test_an_unsolved_thread_is_refused(question, expert, category):
    with pytest.raises(ValidationError, match="Only a solved question"):
        draft_article_from_thread(question, by=expert)
    assert not Article.objects.exists()


def test_a_hidden_thread_is_refused(solved, moderator, category):
    Thread.objects.filter(pk=solved.pk).update(is_hidden=True)

    with pytest.raises(ValidationError, match="Hidden threads"):
        draft_article_from_thread(solved, by=moderator)
    assert not Article.objects.exists()


def test_a_hidden_accepted_answer_is_refused(solved, moderator, category):
    solved.solution_post.__class__.objects.filter(pk=solved.solution_post_id).update(
        is_hidden=True
    )

    with pytest.raises(ValidationError, match="accepted answer is hidden"):
        draft_article_from_thread(solved, by=moderator)
    assert not Article.objects.exists()


@pytest.mark.parametrize("who", ["customer", "asker", "expert_elsewhere"])
def test_members_who_are_not_authors_here_are_refused(
    solved, customer, other_board, category, who
):
    from tests.factories import ExpertCertificationFactory

    user = customer if who == "asker" else UserFactory()
    if who == "expert_elsewhere":
        ExpertCertificationFactory(user=user, board=other_board, title="Billing")

    with pytest.raises(PermissionDenied):
        draft_article_from_thread(solved, by=user)
    assert not Article.objects.exists()


def test_without_a_category_the_conversion_is_refused(solved, expert):
    with pytest.raises(ValidationError, match="no category"):
        draft_article_from_thread(solved, by=expert)


# --- the permission ---------------------------------------------------------------


def test_permission_is_given_to_experts_of_the_board_and_moderators(
    solved, expert, moderator, manager, customer
):
    thread = Thread.objects.select_related("knowledge_article", "board").get(
        pk=solved.pk
    )

    assert permissions.can_turn_thread_into_article(expert, thread)
    assert permissions.can_turn_thread_into_article(moderator, thread)
    assert permissions.can_turn_thread_into_article(manager, thread)
    assert not permissions.can_turn_thread_into_article(customer, thread)


def test_permission_is_withdrawn_once_the_thread_has_an_article(
    solved, expert, category
):
    draft_article_from_thread(solved, by=expert)
    thread = Thread.objects.select_related("knowledge_article", "board").get(
        pk=solved.pk
    )

    assert not permissions.can_turn_thread_into_article(expert, thread)


# --- credit -------------------------------------------------------------------------


def test_publishing_credits_the_answerer_with_points_and_a_badge(
    solved, expert, moderator, answerer, category
):
    before = type(answerer).objects.get(pk=answerer.pk).reputation

    article = published_from_thread(solved, by=expert, reviewer=moderator)

    answerer.refresh_from_db()
    assert answerer.reputation == before + reputation.KNOWLEDGE_ARTICLE_POINTS
    assert BadgeAward.objects.filter(
        user=answerer, badge="knowledge-contributor"
    ).exists()
    assert KnowledgeCredit.objects.get(article=article).user == answerer
    assert Notification.objects.filter(
        recipient=answerer,
        kind=NotificationKind.ARTICLE,
        action="credited",
        article=article,
    ).exists()


def test_credit_is_given_once_across_archive_restore_and_republish(
    solved, expert, moderator, answerer, category
):
    article = published_from_thread(solved, by=expert, reviewer=moderator)
    answerer.refresh_from_db()
    after_first = answerer.reputation

    knowledge.archive_article(article, by=moderator)
    knowledge.restore_article(article, by=moderator)
    knowledge.submit_article(article, by=moderator)
    knowledge.publish_article(article, by=moderator)

    answerer.refresh_from_db()
    assert answerer.reputation == after_first
    assert KnowledgeCredit.objects.filter(article=article).count() == 1
    assert (
        Notification.objects.filter(recipient=answerer, action="credited").count() == 1
    )


def test_a_draft_credits_nobody_until_published(solved, expert, answerer, category):
    draft_article_from_thread(solved, by=expert)

    answerer.refresh_from_db()
    assert not KnowledgeCredit.objects.exists()
    assert not BadgeAward.objects.filter(badge="knowledge-contributor").exists()


def test_an_article_without_an_answerer_credits_nobody(expert, moderator, category):
    article = knowledge.create_article(
        by=moderator, category=category, title="Reading your bill", body="Line one."
    )
    knowledge.submit_article(article, by=moderator)
    knowledge.publish_article(article, by=moderator)

    assert not KnowledgeCredit.objects.exists()


# --- the thread page -------------------------------------------------------------


def test_thread_page_offers_the_conversion_to_an_expert(client, solved, expert):
    client.force_login(expert)

    page = client.get(solved.get_absolute_url()).content.decode()

    assert "Turn into an article" in page
    assert reverse("knowledge:from_thread", args=[solved.pk]) in page


def test_thread_page_hides_the_conversion_from_customers(client, solved, customer):
    client.force_login(customer)

    assert (
        "Turn into an article"
        not in client.get(solved.get_absolute_url()).content.decode()
    )


def test_converting_from_the_page_opens_the_editor(client, solved, expert, category):
    client.force_login(expert)

    response = client.post(reverse("knowledge:from_thread", args=[solved.pk]))

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:edit", args=[article.pk])


def test_converting_twice_from_the_page_says_why(client, solved, expert, category):
    client.force_login(expert)
    client.post(reverse("knowledge:from_thread", args=[solved.pk]))

    response = client.post(
        reverse("knowledge:from_thread", args=[solved.pk]), follow=True
    )

    assert "already has a knowledge article" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_customer_posting_the_conversion_is_forbidden(
    client, solved, customer, category
):
    client.force_login(customer)

    response = client.post(reverse("knowledge:from_thread", args=[solved.pk]))

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_thread_page_links_to_the_published_article(
    client, solved, expert, moderator, category
):
    client.get(solved.get_absolute_url())  # cached before the article exists
    article = published_from_thread(solved, by=expert, reviewer=moderator)

    page = client.get(solved.get_absolute_url()).content.decode()

    assert "This answer is now a knowledge article" in page
    assert article.get_absolute_url() in page
    assert "Turn into an article" not in page


def test_thread_page_forgets_the_notice_when_the_article_is_archived(
    client, solved, expert, moderator, category
):
    article = published_from_thread(solved, by=expert, reviewer=moderator)
    assert (
        "now a knowledge article"
        in client.get(solved.get_absolute_url()).content.decode()
    )

    knowledge.archive_article(article, by=moderator)

    assert (
        "now a knowledge article"
        not in client.get(solved.get_absolute_url()).content.decode()
    )


def test_thread_page_shows_no_notice_for_a_draft(client, solved, expert, category):
    draft_article_from_thread(solved, by=expert)

    assert (
        "now a knowledge article"
        not in client.get(solved.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("viewer", ["visitor", "expert"])
def test_thread_page_query_count_is_the_same_with_and_without_an_article(
    client, solved, expert, moderator, category, viewer, uncached_pages
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if viewer == "expert":
        client.force_login(expert)
    other = solved_thread(
        solved.board, asker=UserFactory(), title="Modem lights blink orange"
    )
    published_from_thread(other, by=moderator, reviewer=moderator)

    def count(thread) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(thread.get_absolute_url()).status_code == 200
        return len(captured)

    assert count(solved) == count(other)
