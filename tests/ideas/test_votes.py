import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from forum import permissions
from forum.ideas import services
from forum.ideas.models import Idea, IdeaFollow, IdeaStatus, IdeaVote
from tests.factories import IdeaFactory
from tests.security import world as w

pytestmark = pytest.mark.django_db


def test_a_vote_counts_once_and_follows_the_idea(idea, other_customer):
    assert services.vote_for_idea(idea, by=other_customer) is True

    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert IdeaVote.objects.filter(idea=idea, user=other_customer).exists()
    assert IdeaFollow.objects.filter(idea=idea, user=other_customer).exists()


def test_voting_twice_keeps_one_vote(idea, other_customer):
    services.vote_for_idea(idea, by=other_customer)

    assert services.vote_for_idea(idea, by=other_customer) is False

    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_a_withdrawn_vote_is_uncounted(idea, other_customer):
    services.vote_for_idea(idea, by=other_customer)

    assert services.withdraw_vote(idea, by=other_customer) is True

    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not IdeaVote.objects.exists()


def test_withdrawing_a_vote_never_given_changes_nothing(idea, other_customer):
    assert services.withdraw_vote(idea, by=other_customer) is False

    idea.refresh_from_db()
    assert idea.vote_count == 0


def test_nobody_votes_for_their_own_idea(idea, customer):
    with pytest.raises(PermissionDenied, match="your own idea"):
        services.vote_for_idea(idea, by=customer)

    assert not IdeaVote.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"is_locked": True}, "locked"),
        ({"is_hidden": True}, "hidden"),
        ({"status": IdeaStatus.DUPLICATE}, "merged"),
    ],
)
def test_closed_ideas_take_no_votes(idea, other_customer, change, message):
    Idea.objects.filter(pk=idea.pk).update(**change)

    with pytest.raises(PermissionDenied, match=message):
        services.vote_for_idea(idea, by=other_customer)

    assert not IdeaVote.objects.exists()


def test_a_suspended_member_cannot_vote(idea, other_customer):
    w.suspend(other_customer)

    with pytest.raises(PermissionDenied):
        services.vote_for_idea(idea, by=other_customer)


def test_a_visitor_cannot_vote(idea):
    with pytest.raises(PermissionDenied, match="Sign in"):
        services.vote_for_idea(idea, by=AnonymousUser())


def test_a_vote_on_a_stale_copy_counts_on_the_current_row(idea, other_customer):
    stale = Idea.objects.get(pk=idea.pk)
    Idea.objects.filter(pk=idea.pk).update(vote_count=7)

    services.vote_for_idea(stale, by=other_customer)

    idea.refresh_from_db()
    assert idea.vote_count == 8


def test_staff_vote_like_any_member(idea, moderator, manager):
    services.vote_for_idea(idea, by=moderator)
    services.vote_for_idea(idea, by=manager)

    idea.refresh_from_db()
    assert idea.vote_count == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (w.ANONYMOUS, False),
        (w.CUSTOMER, True),
        (w.AUTHOR, False),
        (w.MODERATOR, True),
        (w.SUSPENDED, False),
    ],
)
def test_who_may_vote(customer, other_customer, moderator, role, allowed):
    idea = IdeaFactory(author=customer)
    user = {
        w.ANONYMOUS: AnonymousUser(),
        w.CUSTOMER: other_customer,
        w.AUTHOR: customer,
        w.MODERATOR: moderator,
        w.SUSPENDED: other_customer,
    }[role]
    if role == w.SUSPENDED:
        w.suspend(user)

    assert permissions.can_vote_idea(user, idea) is allowed
