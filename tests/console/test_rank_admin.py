"""The Django admin's rank pages keep the settings area's rules and audit alike."""

import pytest

from forum import reputation
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from forum.reputation.models import Rank
from tests.admin import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(db):
    Rank.objects.all().delete()
    return [
        Rank.objects.create(min_points=0, name="Newcomer"),
        Rank.objects.create(min_points=20, name="Helper"),
        Rank.objects.create(min_points=100, name="Guru"),
    ]


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _rungs() -> list[tuple[int, str]]:
    return list(Rank.objects.order_by("min_points").values_list("min_points", "name"))


def test_adding_a_rank_in_the_admin_is_audited(admin_client, administrator, ladder):
    response = pages.add(admin_client, Rank, name="Star", min_points=50)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.ADD_RANK)
    assert (entry.actor, entry.target_type) == (administrator, AuditTarget.RANK)
    assert entry.after == {"name": "Star", "min_points": 50}


def test_changing_a_rank_in_the_admin_records_what_changed(admin_client, ladder):
    reputation.ladder()
    pages.change(admin_client, ladder[2], name="Legend")

    entry = AuditEntry.objects.get(action=AuditAction.CHANGE_RANK)
    assert (entry.before, entry.after) == ({"name": "Guru"}, {"name": "Legend"})
    assert reputation.rank_for(500) == "Legend"


def test_changing_points_in_the_list_is_audited(admin_client, ladder):
    pages.edit_in_list(admin_client, ladder[1], min_points=30)

    entry = AuditEntry.objects.get(action=AuditAction.CHANGE_RANK)
    assert (entry.before, entry.after) == ({"min_points": 20}, {"min_points": 30})


def test_deleting_ranks_in_the_admin_is_audited_one_entry_each(admin_client, ladder):
    pages.delete(admin_client, ladder[2])
    pages.act(admin_client, Rank, "delete_selected", [ladder[1]], post="yes")

    assert _rungs() == [(0, "Newcomer")]
    removed = AuditEntry.objects.filter(action=AuditAction.REMOVE_RANK)
    assert sorted(entry.target_label for entry in removed) == ["Guru", "Helper"]


def test_the_admin_refuses_a_ladder_the_settings_area_refuses(admin_client, ladder):
    response = pages.change(admin_client, ladder[0], min_points=10)
    assert response.status_code == 200
    assert "The lowest rank starts at 0 points" in response.content.decode()

    response = pages.add(admin_client, Rank, name="guru", min_points=50)
    assert "Another rank is already called" in response.content.decode()
    assert _rungs() == [(0, "Newcomer"), (20, "Helper"), (100, "Guru")]
    assert not AuditEntry.objects.exists()


def test_the_lowest_rank_cannot_be_deleted_in_the_admin(admin_client, ladder):
    response = pages.delete(admin_client, ladder[0])
    assert response.status_code == 403

    pages.act(admin_client, Rank, "delete_selected", ladder[:2], post="yes")
    assert len(_rungs()) == 3
    assert not AuditEntry.objects.exists()
