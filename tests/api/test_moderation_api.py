import pytest

from forum import services
from forum.models import Post, Thread
from forum.moderation.models import AuditEntry
from tests.factories import NewUserFactory

pytestmark = pytest.mark.django_db


def test_moderators_lock_and_pin_through_the_api(api_as, question, moderator):
    client = api_as(moderator)

    locked = client.post(f"/api/v1/threads/{question.pk}/lock/", {"reason": "Resolved"})
    pinned = client.post(f"/api/v1/threads/{question.pk}/pin/", {})

    assert (locked.status_code, pinned.status_code) == (200, 200)
    question.refresh_from_db()
    assert question.is_locked and question.is_pinned
    assert AuditEntry.objects.filter(actor=moderator).count() == 2


def test_customers_cannot_curate_through_the_api(api_as, question, other_customer):
    response = api_as(other_customer).post(f"/api/v1/threads/{question.pk}/lock/", {})

    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_locked
    assert not AuditEntry.objects.exists()


def test_moderators_hide_with_a_reason_and_restore(api_as, answer, moderator):
    client = api_as(moderator)

    no_reason = client.post(f"/api/v1/posts/{answer.pk}/hide/", {})
    hidden = client.post(f"/api/v1/posts/{answer.pk}/hide/", {"reason": "Off-topic"})
    restored = client.post(f"/api/v1/posts/{answer.pk}/restore/", {})

    assert (no_reason.status_code, hidden.status_code) == (400, 200)
    assert restored.status_code == 200
    answer.refresh_from_db()
    assert not answer.is_hidden


def test_moderators_approve_a_waiting_post(api_as, question, moderator):
    held = services.post_reply(question, author=NewUserFactory(), body="First post!")

    response = api_as(moderator).post(f"/api/v1/posts/{held.pk}/approve/")

    assert response.status_code == 200
    assert Post.objects.get(pk=held.pk).is_approved


def test_waiting_posts_are_404_for_other_members(api_as, question, other_customer):
    held = services.post_reply(question, author=NewUserFactory(), body="First post!")

    response = api_as(other_customer).post(f"/api/v1/posts/{held.pk}/approve/")

    assert response.status_code == 404
    assert not Post.objects.get(pk=held.pk).is_approved
    assert Thread.objects.get(pk=question.pk).reply_count == 0
