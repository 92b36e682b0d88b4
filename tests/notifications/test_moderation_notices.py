from datetime import timedelta

import pytest
from django.utils import timezone

from forum import services
from forum.moderation.services import posts as moderation
from forum.notifications.models import Notification, NotificationKind
from tests.factories import NewUserFactory

pytestmark = pytest.mark.django_db


def test_hiding_a_post_tells_its_author_why(answer, moderator):
    moderation.hide_post(answer, by=moderator, reason="Shares an account number")

    notice = Notification.objects.get(
        recipient=answer.author, kind=NotificationKind.MODERATION
    )
    assert notice.action == "hidden"
    assert notice.detail == "Shares an account number"


def test_restoring_a_post_tells_its_author(answer, moderator):
    moderation.hide_post(answer, by=moderator, reason="Looked like spam")

    moderation.restore_post(answer, by=moderator, reason="Not spam after all")

    actions = Notification.objects.filter(
        recipient=answer.author, kind=NotificationKind.MODERATION
    ).values_list("action", flat=True)
    assert sorted(actions) == ["hidden", "restored"]


def test_an_approved_reply_reaches_the_followers_then(question, customer, moderator):
    newcomer = NewUserFactory()
    held = services.post_reply(question, author=newcomer, body="Try the reset pin.")
    assert not held.is_approved
    assert not Notification.objects.filter(kind=NotificationKind.REPLY).exists()

    moderation.approve_post(held, by=moderator)

    assert Notification.objects.filter(
        recipient=customer, kind=NotificationKind.REPLY
    ).exists()
    assert Notification.objects.filter(
        recipient=newcomer, kind=NotificationKind.MODERATION, action="approved"
    ).exists()


def test_suspended_members_are_not_notified(question, customer, other_customer):
    customer.suspended_until = timezone.now() + timedelta(days=2)
    customer.save(update_fields=["suspended_until"])

    services.post_reply(question, author=other_customer, body="Try a new cable.")

    assert not Notification.objects.filter(
        recipient=customer, kind=NotificationKind.REPLY
    ).exists()
