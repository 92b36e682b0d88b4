"""Write services read the acting member's role and certifications from the
database: a revocation stops them at once, even while a cache still holds the old
role (its renewal lost, or pages reading it for a while)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role, User
from forum import caching, permissions, services
from forum.moderation import services as moderation
from forum.moderation.models import BoardModerator

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewals_lost(monkeypatch):
    """Revocations that reach the database but not the cache's generations."""
    monkeypatch.setattr(caching, "_renew_now_and_after_commit", lambda keys: None)


def as_loaded_by_a_page(user: User) -> User:
    """The member as a request loads them, their roles read through the cache."""
    member = User.objects.get(pk=user.pk)
    permissions.moderated_board_ids(member)
    return member


def test_a_revoked_board_moderator_cannot_hide_a_post_while_the_cache_says_they_may(
    board_moderator, question, board, renewals_lost
):
    as_loaded_by_a_page(board_moderator)  # caches the role
    BoardModerator.objects.filter(user=board_moderator).delete()
    acting = as_loaded_by_a_page(board_moderator)
    assert board.pk in permissions.moderated_board_ids(acting)  # the stale cache

    with pytest.raises(PermissionDenied):
        moderation.hide_post(question.first_post, by=acting, reason="Spam")

    question.first_post.refresh_from_db()
    assert not question.first_post.is_hidden


def test_a_demoted_moderator_cannot_lock_a_thread_with_the_user_loaded_before(
    moderator, question
):
    loaded_before = User.objects.get(pk=moderator.pk)
    User.objects.filter(pk=moderator.pk).update(role=Role.CUSTOMER)

    with pytest.raises(PermissionDenied):
        moderation.lock_thread(question, by=loaded_before)

    question.refresh_from_db()
    assert not question.is_locked


def test_an_expert_whose_certification_is_revoked_cannot_accept_at_once(
    expert, question, answer, renewals_lost
):
    as_loaded_by_a_page(expert)
    expert.certifications.all().delete()
    acting = as_loaded_by_a_page(expert)
    assert acting.active_certifications  # the stale cache

    with pytest.raises(PermissionDenied):
        services.accept_solution(question, post=answer, by=acting)

    question.refresh_from_db()
    assert not question.is_solved


def test_a_board_moderator_still_in_office_acts_as_before(
    board_moderator, question, renewals_lost
):
    hidden = moderation.hide_post(
        question.first_post, by=as_loaded_by_a_page(board_moderator), reason="Spam"
    )

    assert hidden.is_hidden
