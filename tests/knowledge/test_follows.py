import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forum import permissions
from forum.knowledge.models import ArticleFollow
from forum.knowledge.services.follows import follow_article, unfollow_article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(expert):
    return ArticleFactory(owner=expert, title="Setting up your NBN modem")


def test_a_member_follows_a_published_article(article, customer):
    assert follow_article(article, by=customer) is True

    assert ArticleFollow.objects.filter(article=article, user=customer).exists()


def test_following_twice_keeps_one_follow(article, customer):
    follow_article(article, by=customer)

    assert follow_article(article, by=customer) is False
    assert ArticleFollow.objects.count() == 1


def test_unfollowing_removes_the_follow(article, customer):
    follow_article(article, by=customer)

    assert unfollow_article(article, by=customer) is True
    assert not ArticleFollow.objects.exists()


def test_unfollowing_an_archived_article_still_works(expert, customer):
    article = ArticleFactory(owner=expert)
    follow_article(article, by=customer)
    article.state = "archived"
    article.save()

    assert unfollow_article(article, by=customer) is True


@pytest.mark.parametrize("state", ["draft", "in_review", "archived"])
def test_only_published_articles_can_be_followed(expert, state):
    article = ArticleFactory(owner=expert, state=state)

    with pytest.raises(PermissionDenied, match="published articles"):
        follow_article(article, by=expert)
    assert not ArticleFollow.objects.exists()


def test_a_suspended_member_cannot_follow(article, customer):
    from datetime import timedelta

    from django.utils import timezone

    customer.suspended_until = timezone.now() + timedelta(days=1)
    customer.save()

    with pytest.raises(PermissionDenied):
        follow_article(article, by=customer)
    assert not ArticleFollow.objects.exists()


def test_follow_permission(article, customer):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.can_follow_article(customer, article)
    assert not permissions.can_follow_article(AnonymousUser(), article)


def test_the_article_page_offers_follow_and_then_following(client, article, customer):
    client.force_login(customer)
    assert (
        "Follow this article" in client.get(article.get_absolute_url()).content.decode()
    )

    response = client.post(reverse("knowledge:follow", args=[article.pk]))

    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'aria-pressed="true">Following' in page


def test_the_unfollow_button_unfollows(client, article, customer):
    follow_article(article, by=customer)
    client.force_login(customer)

    client.post(reverse("knowledge:follow", args=[article.pk]), {"action": "unfollow"})

    assert not ArticleFollow.objects.exists()


def test_visitors_are_sent_to_sign_in(client, article):
    response = client.post(reverse("knowledge:follow", args=[article.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_visitors_see_the_feedback_form_without_follow(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    assert "Was this article helpful?" in page
    assert "<legend>Was this article helpful?</legend>" in page
    assert "Follow this article" not in page
    assert "Sign in</a> to tell the article" in page


def test_the_owner_sees_the_way_to_the_feedback(client, article, expert):
    client.force_login(expert)

    page = client.get(article.get_absolute_url()).content.decode()

    assert reverse("knowledge:article_feedback", args=[article.pk]) in page
