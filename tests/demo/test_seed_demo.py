import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from accounts.models import ExpertCertification, Role, User
from demo.seed import DEMO_PASSWORD
from forum import permissions
from forum.care.models import Case, CaseEvent, CaseMessage
from forum.models import Board, Post, Thread
from forum.moderation.models import AuditEntry, BoardModerator, Flag
from forum.notifications.models import BoardFollow, Notification, TagFollow
from forum.reputation.models import BadgeAward, Rank

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module's tests (each runs in a savepoint
    inside it) and rolled back after them: seeding takes seconds. Returns what
    the command printed and how many e-mails it sent."""
    with django_db_blocker.unblock(), transaction.atomic():
        sent_before = len(getattr(mail, "outbox", []))
        output = seed()
        yield output, len(getattr(mail, "outbox", [])) - sent_before
        transaction.set_rollback(True)


def test_seed_demo_creates_every_role_and_prints_the_credentials(demo):
    output, _ = demo

    assert DEMO_PASSWORD in output
    for username in ("admin", "morgan", "sam", "agent", "ethan", "carla"):
        assert username in output
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {
        Role.ADMINISTRATOR,
        Role.MODERATOR,
        Role.MANAGER,
        Role.AGENT,
        Role.CUSTOMER,
    }
    assert permissions.is_expert_for(
        User.objects.get(username="ethan"), Board.objects.get(slug="nbn-internet")
    )


def test_demo_accounts_can_sign_in_with_the_printed_password(demo, client):
    response = client.post(
        "/accounts/login/", {"login": "carla@example.com", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert EmailAddress.objects.filter(user__username="carla", verified=True).exists()


def test_the_demo_members_have_follows_notifications_and_badges(demo):
    _, sent = demo
    carla = User.objects.get(username="carla")
    assert BoardFollow.objects.filter(user=carla).exists()
    assert TagFollow.objects.filter(user=carla).exists()
    assert Notification.objects.filter(recipient=carla, read_at__isnull=True).exists()
    assert BadgeAward.objects.filter(user__username__in=["ethan", "priya"]).exists()
    assert Rank.objects.count() == 6
    # Demo members read e-mail as a daily digest: loading the demo sends none.
    assert sent == 0


def _demo_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            User,
            Board,
            ExpertCertification,
            Notification,
            BadgeAward,
            BoardFollow,
            TagFollow,
            AuditEntry,
            Flag,
            Post,
            Case,
            CaseMessage,
            CaseEvent,
        )
    )


def test_seed_demo_is_idempotent(demo):
    counts = _demo_counts()

    seed()

    assert counts == _demo_counts()


def test_seed_demo_shows_moderation_at_work(demo):
    assert Flag.objects.open().order_by().values("post").distinct().count() == 2
    assert Post.objects.awaiting_approval().count() == 1
    assert Post.objects.filter(is_hidden=True).count() == 1
    assert Thread.objects.filter(is_locked=True).count() == 1
    assert Thread.objects.filter(is_pinned=True).count() == 1
    assert Thread.objects.filter(featured_at__isnull=False).count() == 1
    assert BoardModerator.objects.filter(user__username="lee").exists()
    assert AuditEntry.objects.count() >= 5
