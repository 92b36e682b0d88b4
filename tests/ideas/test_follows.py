import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from forum.ideas import services
from forum.ideas.models import IdeaFollow

pytestmark = pytest.mark.django_db


def test_a_member_follows_and_unfollows_an_idea(idea, other_customer):
    assert services.follow_idea(idea, by=other_customer) is True
    assert services.follow_idea(idea, by=other_customer) is False

    assert services.unfollow_idea(idea, by=other_customer) is True

    assert not IdeaFollow.objects.filter(user=other_customer).exists()


def test_unfollowing_an_idea_not_followed_changes_nothing(idea, other_customer):
    assert services.unfollow_idea(idea, by=other_customer) is False


def test_a_visitor_cannot_follow(idea):
    with pytest.raises(PermissionDenied):
        services.follow_idea(idea, by=AnonymousUser())


def test_nobody_but_moderators_follows_a_hidden_idea(idea, other_customer, moderator):
    idea.is_hidden = True
    idea.save(update_fields=["is_hidden"])

    with pytest.raises(PermissionDenied):
        services.follow_idea(idea, by=other_customer)
    assert services.follow_idea(idea, by=moderator) is True
