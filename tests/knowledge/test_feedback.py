import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum import permissions
from forum.knowledge.models import Article, ArticleFeedback
from forum.knowledge.selectors_community import feedback_list
from forum.knowledge.services.feedback import (
    give_article_feedback,
    resolve_article_feedback,
)
from forum.moderation.flood import RateLimited
from forum.notifications.models import Notification, NotificationKind
from forum.notifications.texts import summary, target_path
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITOR = AnonymousUser()


@pytest.fixture
def owner(expert):
    return expert


@pytest.fixture
def article(owner):
    return ArticleFactory(owner=owner, title="Setting up your NBN modem")


def _give(article, user=VISITOR, *, session_hash="", helpful=True, comment=""):
    return give_article_feedback(
        article, user=user, session_hash=session_hash, helpful=helpful, comment=comment
    )


def _counts(article) -> tuple[int, int]:
    article.refresh_from_db()
    return article.helpful_count, article.unhelpful_count


# --- answers and counters ------------------------------------------------------


def test_a_member_says_the_article_helped(article, customer):
    _give(article, customer, helpful=True)

    assert _counts(article) == (1, 0)
    assert ArticleFeedback.objects.get().user == customer


def test_a_visitor_answers_by_session(article):
    feedback = _give(article, session_hash="abc", helpful=False)

    assert _counts(article) == (0, 1)
    assert feedback.user is None and feedback.session_hash == "abc"


def test_a_new_answer_replaces_the_old_one_and_moves_the_count(article, customer):
    _give(article, customer, helpful=True)

    _give(article, customer, helpful=False, comment="The APN is wrong.")

    assert _counts(article) == (0, 1)
    feedback = ArticleFeedback.objects.get()
    assert feedback.helpful is False and feedback.comment == "The APN is wrong."


def test_the_same_answer_twice_counts_once(article):
    _give(article, session_hash="abc", helpful=True)
    _give(article, session_hash="abc", helpful=True)

    assert _counts(article) == (1, 0)
    assert ArticleFeedback.objects.count() == 1


def test_members_and_sessions_are_counted_apart(article, customer, other_customer):
    _give(article, customer, helpful=True)
    _give(article, other_customer, helpful=False)
    _give(article, session_hash="abc", helpful=True)
    _give(article, session_hash="def", helpful=True)

    assert _counts(article) == (3, 1)


# --- refusals -------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "in_review", "archived"])
def test_feedback_on_an_unpublished_article_is_refused(owner, customer, state):
    article = ArticleFactory(owner=owner, state=state)

    with pytest.raises(PermissionDenied, match="published articles only"):
        _give(article, customer)
    assert not ArticleFeedback.objects.exists()
    assert _counts(article) == (0, 0)


def test_a_suspended_member_is_refused(article, customer):
    from datetime import timedelta

    from django.utils import timezone

    customer.suspended_until = timezone.now() + timedelta(days=1)
    customer.save()

    with pytest.raises(PermissionDenied):
        _give(article, customer)
    assert not ArticleFeedback.objects.exists()


def test_a_visitor_cannot_comment(article):
    with pytest.raises(ValidationError, match="Sign in to leave a comment"):
        _give(article, session_hash="abc", comment="Hello")
    assert not ArticleFeedback.objects.exists()


def test_a_visitor_without_a_session_is_refused(article):
    with pytest.raises(ValidationError):
        _give(article)


def test_a_comment_too_long_is_refused(article, customer):
    with pytest.raises(ValidationError, match="under 1000"):
        _give(article, customer, comment="x" * 1001)
    assert _counts(article) == (0, 0)


def test_comments_are_flood_controlled(article, customer, settings):
    settings.MODERATION_RATE_LIMITS = {"post": [(1, 60)]}
    _give(article, customer, comment="First thought.")

    with pytest.raises(RateLimited):
        _give(article, customer, helpful=False, comment="Second thought.")
    assert _counts(article) == (1, 0)


# --- the owner hears -------------------------------------------------------------


def test_a_comment_reaches_the_owner_without_its_text(article, owner, customer):
    _give(article, customer, comment="Step 3 is missing the APN.")

    notification = Notification.objects.get(kind=NotificationKind.ARTICLE_FEEDBACK)
    assert notification.recipient == owner
    assert notification.article == article
    assert "APN" not in summary(notification)
    assert "APN" not in notification.detail
    assert target_path(notification) == reverse(
        "knowledge:article_feedback", args=[article.pk]
    )


def test_an_answer_without_comment_tells_nobody(article, customer):
    _give(article, customer, helpful=False)

    assert not Notification.objects.exists()


def test_the_owner_commenting_on_their_own_article_is_not_told(article, owner):
    _give(article, owner, comment="Note to self.")

    assert not Notification.objects.exists()


# --- dealing with feedback -------------------------------------------------------


def test_the_owner_marks_a_comment_as_dealt_with(article, owner, customer):
    feedback = _give(article, customer, comment="Outdated.")

    assert resolve_article_feedback(feedback, by=owner) is True

    feedback.refresh_from_db()
    assert feedback.resolved_at is not None


def test_a_reviewer_marks_any_comment_as_dealt_with(article, moderator, customer):
    feedback = _give(article, customer, comment="Outdated.")

    resolve_article_feedback(feedback, by=moderator)

    feedback.refresh_from_db()
    assert feedback.resolved_at is not None


def test_another_member_cannot_mark_a_comment(article, customer, other_customer):
    feedback = _give(article, customer, comment="Outdated.")

    with pytest.raises(PermissionDenied):
        resolve_article_feedback(feedback, by=other_customer)
    feedback.refresh_from_db()
    assert feedback.resolved_at is None


def test_a_new_comment_reopens_a_dealt_with_answer(article, owner, customer):
    feedback = _give(article, customer, comment="Outdated.")
    resolve_article_feedback(feedback, by=owner)

    _give(article, customer, helpful=False, comment="Still outdated.")

    feedback.refresh_from_db()
    assert feedback.resolved_at is None


# --- permissions ------------------------------------------------------------------


def test_feedback_permissions(article, owner, customer, moderator):
    assert permissions.can_give_article_feedback(VISITOR, article)
    assert permissions.can_give_article_feedback(customer, article)
    assert permissions.can_view_article_feedback(owner, article)
    assert permissions.can_view_article_feedback(moderator, article)
    assert not permissions.can_view_article_feedback(customer, article)
    assert not permissions.can_view_article_feedback(VISITOR, article)


# --- the owners' list -------------------------------------------------------------


def test_the_list_puts_the_most_negative_articles_first(owner):
    mild = ArticleFactory(owner=owner, helpful_count=9, unhelpful_count=1)
    bad = ArticleFactory(owner=owner, helpful_count=1, unhelpful_count=3)
    worse_share = ArticleFactory(owner=owner, helpful_count=0, unhelpful_count=3)
    ArticleFactory(owner=owner)  # no feedback: not listed

    page = feedback_list(owner, None)

    assert list(page.object_list) == [worse_share, bad, mild]


def test_owners_see_their_articles_and_reviewers_all(owner, moderator, customer):
    mine = ArticleFactory(owner=owner, unhelpful_count=1)
    theirs = ArticleFactory(owner=UserFactory(), unhelpful_count=2)

    assert list(feedback_list(owner, None).object_list) == [mine]
    assert list(feedback_list(moderator, None).object_list) == [theirs, mine]
    assert list(feedback_list(customer, None).object_list) == []


def test_the_list_shows_recent_open_comments(client, article, owner, customer):
    _give(article, customer, helpful=False, comment="The APN changed.")
    client.force_login(owner)

    response = client.get(reverse("knowledge:feedback_list"))

    assert response.status_code == 200
    assert "The APN changed." in response.content.decode()


def _feedback_articles(owner, count):
    for n in range(count):
        article = ArticleFactory(owner=owner, title=f"Article number {n} on modems")
        _give(article, UserFactory(), helpful=False, comment=f"Comment {n}")
        _give(article, UserFactory(), helpful=False, comment=f"Another {n}")


def test_feedback_list_query_count_does_not_grow_with_articles(
    client, owner, django_assert_num_queries, uncached_pages
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(owner)
    url = reverse("knowledge:feedback_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _feedback_articles(owner, 1)
    count()  # the member's roles and unread counts are cached from here on
    with_one = count()
    _feedback_articles(owner, 19)

    assert count() == with_one


def test_article_feedback_page_query_count_does_not_grow_with_comments(
    client, article, owner, uncached_pages
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(owner)
    url = reverse("knowledge:article_feedback", args=[article.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _give(article, UserFactory(), comment="One")
    count()  # the member's roles and unread counts are cached from here on
    with_one = count()
    for n in range(19):
        _give(article, UserFactory(), comment=f"More {n}")

    assert count() == with_one


# --- views ------------------------------------------------------------------------


def test_posting_feedback_counts_and_comes_back_to_the_article(
    client, article, customer, monkeypatch
):
    seen = []
    monkeypatch.setattr(
        "forum.knowledge.journeys.article_feedback_given",
        lambda request, article, *, helpful: seen.append(helpful),
    )
    client.force_login(customer)

    response = client.post(
        reverse("knowledge:give_feedback", args=[article.pk]),
        {"helpful": "no", "comment": "Missing a step."},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#feedback")
    assert _counts(article) == (0, 1)
    assert seen == [False]


def test_a_visitor_posts_feedback_by_session(client, article):
    client.post(
        reverse("knowledge:give_feedback", args=[article.pk]), {"helpful": "yes"}
    )
    client.post(
        reverse("knowledge:give_feedback", args=[article.pk]), {"helpful": "no"}
    )

    assert _counts(article) == (0, 1)
    assert ArticleFeedback.objects.get().session_hash


def test_feedback_without_a_choice_says_so_and_changes_nothing(client, article):
    response = client.post(
        reverse("knowledge:give_feedback", args=[article.pk]), {}, follow=True
    )

    assert "Choose yes or no." in response.content.decode()
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_a_draft_is_not_found_for_readers(client, owner):
    draft = ArticleFactory(owner=owner, state="draft")

    response = client.post(
        reverse("knowledge:give_feedback", args=[draft.pk]), {"helpful": "yes"}
    )

    assert response.status_code == 404
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_an_archived_article_is_forbidden(client, owner):
    archived = ArticleFactory(owner=owner, state="archived")

    response = client.post(
        reverse("knowledge:give_feedback", args=[archived.pk]), {"helpful": "yes"}
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=archived.pk).helpful_count == 0


def test_the_article_feedback_page_is_for_owner_and_reviewers(
    client, article, customer
):
    client.force_login(customer)

    response = client.get(reverse("knowledge:article_feedback", args=[article.pk]))

    assert response.status_code == 403


def test_mark_as_dealt_with_from_the_page(client, article, owner, customer):
    feedback = _give(article, customer, comment="Outdated.")
    client.force_login(owner)

    response = client.post(reverse("knowledge:resolve_feedback", args=[feedback.pk]))

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.resolved_at is not None
