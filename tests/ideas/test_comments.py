import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.ideas import services
from forum.ideas.models import Idea, IdeaComment, IdeaFollow, IdeaStatus
from forum.moderation.flood import RateLimited
from forum.notifications.models import Notification, NotificationKind
from tests.factories import UserFactory
from tests.security import world as w

pytestmark = pytest.mark.django_db


def test_a_comment_is_counted_and_moves_last_activity(idea, other_customer):
    before = idea.last_activity_at

    comment = services.post_idea_comment(idea, by=other_customer, body="Yes please!")

    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert idea.last_activity_at > before
    assert comment.body_html == "<p>Yes please!</p>\n"
    assert IdeaFollow.objects.filter(idea=idea, user=other_customer).exists()


def test_the_author_and_followers_hear_of_a_comment_but_not_the_commenter(
    idea, customer, other_customer
):
    voter = UserFactory()
    services.vote_for_idea(idea, by=voter)

    services.post_idea_comment(idea, by=other_customer, body="Great idea.")

    told = Notification.objects.filter(kind=NotificationKind.IDEA_COMMENT)
    assert sorted(n.recipient_id for n in told) == sorted([customer.pk, voter.pk])
    assert all(n.idea_id == idea.pk for n in told)


def test_the_author_commenting_tells_only_the_followers(idea, customer):
    voter = UserFactory()
    services.vote_for_idea(idea, by=voter)

    services.post_idea_comment(idea, by=customer, body="Thanks for the votes.")

    told = Notification.objects.filter(kind=NotificationKind.IDEA_COMMENT)
    assert [n.recipient_id for n in told] == [voter.pk]


def test_an_empty_comment_is_refused_and_counts_nothing(idea, other_customer):
    with pytest.raises(ValidationError):
        services.post_idea_comment(idea, by=other_customer, body="   ")

    idea.refresh_from_db()
    assert idea.comment_count == 0


@pytest.mark.parametrize(
    "change",
    [{"is_locked": True}, {"is_hidden": True}, {"status": IdeaStatus.DUPLICATE}],
)
def test_closed_ideas_take_no_comments(idea, other_customer, change):
    Idea.objects.filter(pk=idea.pk).update(**change)

    with pytest.raises(PermissionDenied):
        services.post_idea_comment(idea, by=other_customer, body="Me too.")

    assert not IdeaComment.objects.exists()


def test_a_suspended_member_cannot_comment(idea, other_customer):
    w.suspend(other_customer)

    with pytest.raises(PermissionDenied):
        services.post_idea_comment(idea, by=other_customer, body="Me too.")


def test_a_double_submitted_comment_is_stored_once(idea, other_customer):
    first = services.post_idea_comment(idea, by=other_customer, body="Same words.")
    second = services.post_idea_comment(idea, by=other_customer, body="Same words.")

    assert first.pk == second.pk
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_flood_control_stops_a_burst_of_comments(idea, other_customer, flood_limits):
    most = flood_limits["post"][0][0]
    for n in range(most):
        services.post_idea_comment(idea, by=other_customer, body=f"Comment {n}")

    with pytest.raises(RateLimited):
        services.post_idea_comment(idea, by=other_customer, body="One too many")

    idea.refresh_from_db()
    assert idea.comment_count == most
