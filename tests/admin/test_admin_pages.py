"""The admin's pages refuse bad input with a message and change nothing, and keep
the rules the services keep."""

import pytest
from django.test import Client

from accounts.models import ExpertCertification, Role, User
from forum import services
from forum.models import Board, Thread
from forum.moderation.models import AuditEntry
from tests.admin import pages
from tests.admin.world import build_world
from tests.factories import UserFactory
from tests.security.snapshots import changes, snapshot


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.admin)
    return client


def test_hiding_a_thread_without_a_reason_changes_nothing_and_says_why(
    world, admin_client
):
    before = snapshot()

    response = pages.act(admin_client, Thread, "hide_threads", [world.question])

    assert response.status_code == 302
    assert "Give a reason" in " ".join(pages.errors_shown(response))
    assert changes(before, snapshot()) == {}


def test_an_action_refused_for_one_thread_changes_none_of_them(world, admin_client):
    # The most active thread comes first, and is featured before the refusal.
    services.post_reply(world.question, author=world.replier, body="Any news?")
    before = snapshot()

    # The question waiting for approval can't be featured; the other one could.
    response = pages.act(
        admin_client, Thread, "feature_threads", [world.question, world.waiting]
    )

    assert "Is the new plan worth it?" in " ".join(pages.errors_shown(response))
    assert changes(before, snapshot()) == {}


def test_moving_a_thread_to_its_own_board_is_refused_with_a_message(
    world, admin_client
):
    response = pages.act(
        admin_client,
        Thread,
        "move_threads",
        [world.question],
        to_board=world.board.pk,
    )

    assert "already in" in " ".join(pages.errors_shown(response))
    assert not AuditEntry.objects.filter(action="move_thread").exists()


def test_a_too_short_title_is_refused_on_the_form(world, admin_client):
    before = snapshot()

    response = pages.change(admin_client, world.question, title="Help")

    assert response.status_code == 200
    assert "at least" in response.content.decode()
    assert changes(before, snapshot()) == {}


def test_an_empty_post_is_refused_on_the_form(world, admin_client):
    before = snapshot()

    response = pages.change(admin_client, world.reply, body="   ")

    assert response.status_code == 200
    assert changes(before, snapshot()) == {}


def test_counters_and_the_solution_cannot_be_posted_to_a_thread(world, admin_client):
    response = pages.change(
        admin_client,
        world.question,
        reply_count=99,
        is_locked="on",
        solution_post=world.reply.pk,
    )

    assert response.status_code == 302
    world.question.refresh_from_db()
    assert world.question.reply_count == 1
    assert not world.question.is_locked
    assert world.question.solution_post_id is None


def test_making_someone_an_administrator_in_the_admin_opens_the_admin_to_them(
    world, admin_client
):
    pages.change(admin_client, world.replier, role=Role.ADMINISTRATOR)

    world.replier.refresh_from_db()
    assert world.replier.is_staff and world.replier.is_superuser
    assert AuditEntry.objects.filter(action="assign_role").exists()


def test_a_moderator_made_a_customer_again_loses_nothing_but_the_role(
    world, admin_client
):
    moderator = UserFactory(role=Role.MODERATOR)

    pages.change(admin_client, moderator, role=Role.CUSTOMER)

    moderator.refresh_from_db()
    assert (moderator.role, moderator.is_staff, moderator.is_superuser) == (
        Role.CUSTOMER,
        False,
        False,
    )


def test_staff_flags_cannot_be_posted_to_a_member(world, admin_client):
    pages.change(admin_client, world.replier, is_staff="on", is_superuser="on")

    world.replier.refresh_from_db()
    assert not world.replier.is_staff and not world.replier.is_superuser


def test_an_administrator_cannot_change_their_own_role_in_the_admin(
    world, admin_client
):
    response = pages.change(admin_client, world.admin, role=Role.CUSTOMER)

    assert response.status_code == 302
    world.admin.refresh_from_db()
    assert world.admin.role == Role.ADMINISTRATOR


def test_an_administrator_cannot_erase_another_administrator(world, admin_client):
    other = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    response = pages.delete(admin_client, other)

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.is_active and other.username != "former-member"


def test_erasing_a_member_in_the_admin_keeps_their_posts(world, admin_client):
    response = pages.delete(admin_client, world.replier)

    assert response.status_code == 302
    world.replier.refresh_from_db()
    assert not world.replier.is_active
    assert world.replier.display_name == "Former member"
    assert world.reply.__class__.objects.filter(pk=world.reply.pk).exists()


def test_a_board_is_added_with_a_name_slug_kind_and_description(admin_client):
    response = admin_client.post(
        "/admin/forum/board/add/",
        {
            "name": "Mobile",
            "slug": "mobile",
            "kind": "questions",
            "description": "Phones, plans and coverage",
        },
    )

    assert response.status_code == 302
    board = Board.objects.get(slug="mobile")
    assert (board.kind, board.category, board.position) == ("questions", None, 0)


def test_a_board_with_threads_keeps_its_kind(world, admin_client):
    pages.change(admin_client, world.board, kind="discussion")

    world.board.refresh_from_db()
    assert world.board.kind == "questions"


def test_a_certification_that_has_already_expired_is_refused_on_the_form(
    world, admin_client
):
    response = pages.add(
        admin_client,
        ExpertCertification,
        user=world.replier.pk,
        title="Billing expert",
        expires_at_0="2001-01-01",
        expires_at_1="09:00:00",
    )

    assert response.status_code == 200
    assert "must be in the future" in response.content.decode()
    assert not ExpertCertification.objects.filter(user=world.replier).exists()


def test_certifying_in_the_admin_records_who_certified(world, admin_client):
    pages.add(
        admin_client,
        ExpertCertification,
        user=world.replier.pk,
        board=world.other_board.pk,
        title="Billing expert",
    )

    certification = ExpertCertification.objects.get(user=world.replier)
    assert certification.certified_by == world.admin
    assert AuditEntry.objects.filter(
        action="certify_expert", target_id=world.replier.pk
    )


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MANAGER, Role.CUSTOMER])
def test_a_staff_flag_alone_does_not_open_the_admin(client, db, role):
    client.force_login(UserFactory(role=role, is_staff=True))

    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/forum/thread/").status_code == 302


def test_a_superuser_from_createsuperuser_opens_the_admin(client, db):
    user = User.objects.create_superuser("root", "root@example.com", "pw-12345678")
    client.force_login(user)

    assert client.get("/admin/").status_code == 200
