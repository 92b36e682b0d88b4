import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum import permissions
from forum.ideas.models import IdeaStatus
from tests.factories import IdeaBoardFactory, IdeaFactory
from tests.security import world as w

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(customer, other_customer, moderator, manager):
    suspended = other_customer.__class__.objects.create(username="suspended")
    w.suspend(suspended)
    return {
        "visitor": AnonymousUser(),
        "author": customer,
        "customer": other_customer,
        "moderator": moderator,
        "manager": manager,
        "suspended": suspended,
    }


def allowed(people, predicate, *objects) -> set[str]:
    return {name for name, user in people.items() if predicate(user, *objects)}


def test_who_may_post_an_idea(people):
    board = IdeaBoardFactory()

    assert allowed(people, permissions.can_post_idea, board) == {
        "author",
        "customer",
        "moderator",
        "manager",
    }


def test_nobody_posts_on_an_archived_board(people):
    board = IdeaBoardFactory(archived_at=timezone.now())

    assert allowed(people, permissions.can_post_idea, board) == set()


def test_who_may_edit_a_new_idea_and_an_answered_one(people):
    new = IdeaFactory(author=people["author"])
    planned = IdeaFactory(author=people["author"], status=IdeaStatus.PLANNED)

    assert allowed(people, permissions.can_edit_idea, new) == {"author", "moderator"}
    assert allowed(people, permissions.can_edit_idea, planned) == {"moderator"}


def test_who_may_vote(people):
    idea = IdeaFactory(author=people["author"])

    assert allowed(people, permissions.can_vote_idea, idea) == {
        "customer",
        "moderator",
        "manager",
    }


def test_who_may_comment_on_an_open_and_a_locked_idea(people):
    open_idea = IdeaFactory(author=people["author"])
    locked = IdeaFactory(author=people["author"], is_locked=True)

    assert allowed(people, permissions.can_comment_on_idea, open_idea) == {
        "author",
        "customer",
        "moderator",
        "manager",
    }
    assert allowed(people, permissions.can_comment_on_idea, locked) == set()


def test_who_may_follow_a_hidden_idea(people):
    hidden = IdeaFactory(author=people["author"], is_hidden=True)

    assert allowed(people, permissions.can_follow_idea, hidden) == {"moderator"}


def test_hidden_ideas_are_listed_for_moderators_only(people):
    IdeaFactory(is_hidden=True)

    assert permissions.ideas_visible_to(people["customer"]).count() == 0
    assert permissions.ideas_visible_to(people["moderator"]).count() == 1
