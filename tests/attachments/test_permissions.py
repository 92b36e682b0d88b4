"""Who may upload, how much, and who sees an attachment."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum import permissions, services
from forum.attachments.services import create_upload
from forum.moderation import services as moderation
from tests.factories import NewUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attached(board, customer):
    log = create_upload(owner=customer, name="router.log", content=b"x")
    services.create_thread(
        board=board, author=customer, title="Router log attached", body=log.markdown
    )
    log.refresh_from_db()
    return log


def test_members_may_upload_and_visitors_and_the_suspended_may_not(customer):
    assert permissions.can_upload(customer)
    assert not permissions.can_upload(AnonymousUser())
    customer.suspended_until = timezone.now() + timedelta(hours=1)
    assert not permissions.can_upload(customer)
    assert permissions.upload_quota(customer) == 0


def test_the_first_day_quota_is_stricter(settings, customer):
    settings.ATTACHMENT_DAILY_QUOTA, settings.ATTACHMENT_FIRST_DAY_QUOTA = 30, 5

    assert permissions.upload_quota(customer) == 30
    assert permissions.upload_quota(NewUserFactory()) == 5


def test_an_unattached_upload_is_seen_only_by_its_owner(customer, other_customer):
    log = create_upload(owner=customer, name="router.log", content=b"x")

    assert permissions.can_view_attachment(customer, log)
    assert not permissions.can_view_attachment(other_customer, log)
    assert not permissions.can_view_attachment(AnonymousUser(), log)


def test_an_attachment_follows_its_posts_visibility(attached, moderator):
    assert permissions.can_view_attachment(AnonymousUser(), attached)

    moderation.hide_post(attached.post, by=moderator, reason="Private data")
    attached.refresh_from_db()

    assert not permissions.can_view_attachment(AnonymousUser(), attached)
    assert permissions.can_view_attachment(moderator, attached)


def test_moderators_moderate_attachments_of_posts_only(attached, moderator, customer):
    unattached = create_upload(owner=customer, name="a.log", content=b"x")

    assert permissions.can_moderate_attachment(moderator, attached)
    assert not permissions.can_moderate_attachment(customer, attached)
    assert not permissions.can_moderate_attachment(moderator, unattached)


def test_members_change_their_own_picture_and_moderators_may_remove_any(
    customer, other_customer, moderator
):
    assert permissions.can_change_avatar(customer, customer)
    assert not permissions.can_change_avatar(other_customer, customer)
    assert permissions.can_change_avatar(moderator, customer)
