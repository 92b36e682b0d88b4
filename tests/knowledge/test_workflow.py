"""The article workflow: who may move an article, from which state, and what a
move leaves behind (state, dates, audit entry, signal)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum.knowledge import services, signals
from forum.knowledge.models import ArticleState
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from tests.factories import UserFactory


@pytest.fixture
def moves():
    """The state changes announced while the test runs."""
    seen = []

    def receiver(sender, article, by, from_state, to_state, **kwargs):
        seen.append((from_state, to_state, by.username))

    signals.article_state_changed.connect(receiver)
    yield seen
    signals.article_state_changed.disconnect(receiver)


def test_the_author_sends_a_draft_for_review(draft, author, moves):
    services.submit_article(draft, by=author)
    draft.refresh_from_db()
    assert draft.state == ArticleState.IN_REVIEW
    assert draft.submitted_at is not None
    assert moves == [("draft", "in_review", author.username)]
    entry = AuditEntry.objects.get(action=AuditAction.SUBMIT_ARTICLE)
    assert (entry.target_type, entry.target_id) == (AuditTarget.ARTICLE, draft.pk)


def test_a_reviewer_publishes_and_it_counts_as_reviewed(in_review, reviewer, moves):
    services.publish_article(in_review, by=reviewer)
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.PUBLISHED
    assert in_review.published_at is not None
    assert in_review.last_reviewed_at == in_review.published_at
    assert in_review.last_reviewed_by == reviewer
    assert moves == [("in_review", "published", reviewer.username)]
    assert AuditEntry.objects.filter(action=AuditAction.PUBLISH_ARTICLE).count() == 1


def test_an_expert_cannot_publish_their_own_article(in_review, author):
    with pytest.raises(PermissionDenied):
        services.publish_article(in_review, by=author)
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.IN_REVIEW
    assert not AuditEntry.objects.filter(action=AuditAction.PUBLISH_ARTICLE).exists()


def test_a_manager_publishes(in_review, manager):
    services.publish_article(in_review, by=manager)
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.PUBLISHED


def test_publishing_a_draft_is_refused_with_the_state(draft, reviewer, moves):
    with pytest.raises(ValidationError, match="in review.*this one is draft"):
        services.publish_article(draft, by=reviewer)
    draft.refresh_from_db()
    assert draft.state == ArticleState.DRAFT and draft.published_at is None
    assert moves == []


def test_a_reviewer_returns_an_article_with_a_note(in_review, reviewer):
    services.return_article(in_review, by=reviewer, note="Add the 5G settings.")
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.DRAFT
    entry = AuditEntry.objects.get(action=AuditAction.RETURN_ARTICLE)
    assert entry.reason == "Add the 5G settings."


def test_a_reviewer_must_say_why_they_return_an_article(in_review, reviewer):
    with pytest.raises(ValidationError) as error:
        services.return_article(in_review, by=reviewer, note=" ")
    assert "note" in error.value.message_dict
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.IN_REVIEW


def test_the_author_withdraws_their_article_without_a_note(in_review, author):
    services.return_article(in_review, by=author, note="")
    in_review.refresh_from_db()
    assert in_review.state == ArticleState.DRAFT


def test_another_author_cannot_withdraw_an_article(in_review, other_author):
    with pytest.raises(PermissionDenied):
        services.return_article(in_review, by=other_author, note="Not yours.")


def test_a_reviewer_archives_and_restores_as_draft(published, reviewer):
    services.archive_article(published, by=reviewer)
    published.refresh_from_db()
    assert published.state == ArticleState.ARCHIVED and published.archived_at
    services.restore_article(published, by=reviewer)
    published.refresh_from_db()
    assert published.state == ArticleState.DRAFT and published.archived_at is None
    assert AuditEntry.objects.filter(action=AuditAction.RESTORE_ARTICLE).exists()


def test_publishing_again_keeps_the_first_publication_date(published, reviewer):
    first = published.published_at
    services.archive_article(published, by=reviewer)
    services.restore_article(published, by=reviewer)
    services.submit_article(published, by=reviewer)
    services.publish_article(published, by=reviewer)
    published.refresh_from_db()
    assert published.published_at == first
    assert published.last_reviewed_at > first


def test_the_author_cannot_archive(published, author):
    with pytest.raises(PermissionDenied):
        services.archive_article(published, by=author)


def test_archiving_a_draft_is_refused(draft, reviewer):
    with pytest.raises(ValidationError, match="published"):
        services.archive_article(draft, by=reviewer)


def test_restoring_a_published_article_is_refused(published, reviewer):
    with pytest.raises(ValidationError):
        services.restore_article(published, by=reviewer)


def test_submitting_twice_is_refused(in_review, author):
    with pytest.raises(ValidationError, match="draft"):
        services.submit_article(in_review, by=author)


def test_a_customer_cannot_see_a_draft_to_move_it(draft, customer):
    with pytest.raises(PermissionDenied):
        services.submit_article(draft, by=customer)


def test_a_suspended_author_cannot_submit(draft, author):
    author.suspended_until = timezone.now() + timedelta(days=1)
    author.save()
    with pytest.raises(PermissionDenied):
        services.submit_article(draft, by=author)


def test_a_revoked_moderator_cannot_publish_with_a_stale_role(in_review):
    reviewer = UserFactory(role="moderator")
    stale = type(reviewer).objects.get(pk=reviewer.pk)
    reviewer.role = "customer"
    reviewer.save()
    with pytest.raises(PermissionDenied):
        services.publish_article(in_review, by=stale)


def test_the_owner_marks_their_article_reviewed(published, author):
    old = timezone.now() - timedelta(days=400)
    type(published).objects.filter(pk=published.pk).update(last_reviewed_at=old)
    services.mark_article_reviewed(published, by=author)
    published.refresh_from_db()
    assert published.last_reviewed_at > old
    assert published.last_reviewed_by == author


def test_a_customer_cannot_mark_an_article_reviewed(published, customer):
    with pytest.raises(PermissionDenied):
        services.mark_article_reviewed(published, by=customer)


def test_a_draft_cannot_be_marked_reviewed(draft, reviewer):
    with pytest.raises(ValidationError):
        services.mark_article_reviewed(draft, by=reviewer)
