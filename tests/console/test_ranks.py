"""The rank ladder's services: each change audited, every bad ladder refused with
nothing changed, and the ladder members see renewed at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import reputation
from forum.console import services
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from forum.reputation.models import Rank

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(db):
    """A short ladder of its own, whatever the data migration seeded."""
    Rank.objects.all().delete()
    return [
        Rank.objects.create(min_points=0, name="Newcomer"),
        Rank.objects.create(min_points=20, name="Helper"),
        Rank.objects.create(min_points=100, name="Guru"),
    ]


def _rungs() -> list[tuple[int, str]]:
    return list(Rank.objects.order_by("min_points").values_list("min_points", "name"))


def test_a_manager_adds_a_rank_and_members_reaching_it_carry_it(manager, ladder):
    reputation.ladder()  # the old ladder is cached first
    rank = services.add_rank(by=manager, name="  Star  ", min_points=50)

    assert (rank.name, rank.min_points) == ("Star", 50)
    assert reputation.rank_for(60) == "Star"
    entry = AuditEntry.objects.get(action=AuditAction.ADD_RANK)
    assert (entry.target_type, entry.target_label) == (AuditTarget.RANK, "Star")
    assert entry.after == {"name": "Star", "min_points": 50}
    assert entry.actor == manager


def test_renaming_and_repointing_a_rank_is_audited_with_what_changed(manager, ladder):
    services.update_rank(ladder[1], by=manager, name="Helper", min_points=30)

    ladder[1].refresh_from_db()
    assert ladder[1].min_points == 30
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE_RANK)
    assert (entry.before, entry.after) == ({"min_points": 20}, {"min_points": 30})
    assert reputation.rank_for(25) == "Newcomer"


def test_saving_a_rank_unchanged_records_nothing(manager, ladder):
    services.update_rank(ladder[2], by=manager, name="Guru", min_points=100)
    assert not AuditEntry.objects.exists()


def test_removing_a_rank_hands_its_members_the_rank_below(manager, ladder):
    services.remove_rank(ladder[1], by=manager)

    assert _rungs() == [(0, "Newcomer"), (100, "Guru")]
    assert reputation.rank_for(50) == "Newcomer"
    entry = AuditEntry.objects.get(action=AuditAction.REMOVE_RANK)
    assert entry.before == {"name": "Helper", "min_points": 20}


@pytest.mark.parametrize(
    ("name", "min_points", "field", "message"),
    [
        ("", 40, "name", "A rank needs a name."),
        ("   ", 40, "name", "A rank needs a name."),
        ("helper", 40, "name", "Another rank is already called “helper”."),
        ("Star", 20, "min_points", "“Helper” already starts at 20 points."),
        ("Star", -5, "min_points", "Points start at 0."),
        ("Star", 10**12, "min_points", "At most 2147483647 points."),
        ("S" * 61, 40, "name", "A rank's name has at most 60 characters."),
    ],
)
def test_a_bad_new_rank_is_refused_and_nothing_changes(
    manager, ladder, name, min_points, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.add_rank(by=manager, name=name, min_points=min_points)

    assert refused.value.message_dict[field] == [message]
    assert _rungs() == [(0, "Newcomer"), (20, "Helper"), (100, "Guru")]
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("index", "name", "min_points", "field"),
    [
        (1, "", 20, "name"),
        (1, "GURU", 20, "name"),
        (1, "Helper", 100, "min_points"),
        (1, "Helper", -1, "min_points"),
        (0, "Newcomer", 10, "min_points"),  # the lowest rung keeps 0 points
    ],
)
def test_a_bad_change_is_refused_and_nothing_changes(
    manager, ladder, index, name, min_points, field
):
    with pytest.raises(ValidationError) as refused:
        services.update_rank(
            ladder[index], by=manager, name=name, min_points=min_points
        )

    assert field in refused.value.message_dict
    assert _rungs() == [(0, "Newcomer"), (20, "Helper"), (100, "Guru")]
    assert not AuditEntry.objects.exists()


def test_the_lowest_rank_may_be_renamed(manager, ladder):
    services.update_rank(ladder[0], by=manager, name="Member", min_points=0)
    assert _rungs()[0] == (0, "Member")
    assert reputation.rank_for(3) == "Member"


def test_the_lowest_rank_cannot_be_removed(manager, ladder):
    with pytest.raises(ValidationError) as refused:
        services.remove_rank(ladder[0], by=manager)

    assert "rename it instead" in refused.value.messages[0]
    assert len(_rungs()) == 3
    assert not AuditEntry.objects.exists()


def test_the_last_rank_cannot_be_removed(manager, ladder):
    Rank.objects.exclude(pk=ladder[0].pk).delete()

    with pytest.raises(ValidationError) as refused:
        services.remove_rank(ladder[0], by=manager)

    assert refused.value.messages == ["A ladder keeps at least one rank."]
    assert _rungs() == [(0, "Newcomer")]


def test_a_first_rank_in_an_empty_table_must_start_at_zero(manager):
    Rank.objects.all().delete()

    with pytest.raises(ValidationError) as refused:
        services.add_rank(by=manager, name="Star", min_points=50)
    assert "min_points" in refused.value.message_dict

    services.add_rank(by=manager, name="Member", min_points=0)
    assert _rungs() == [(0, "Member")]


@pytest.mark.parametrize("role", ["customer", "moderator"])
def test_only_managers_and_administrators_edit_the_ladder(request, role, ladder):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.add_rank(by=user, name="Star", min_points=50)
    with pytest.raises(PermissionDenied):
        services.update_rank(ladder[1], by=user, name="Star", min_points=20)
    with pytest.raises(PermissionDenied):
        services.remove_rank(ladder[1], by=user)
    assert len(_rungs()) == 3


def test_an_administrator_edits_the_ladder_too(administrator, ladder):
    services.update_rank(ladder[2], by=administrator, name="Legend", min_points=100)
    assert _rungs()[-1] == (100, "Legend")


def test_the_shared_cache_is_renewed_after_the_commit_as_well(
    manager, ladder, django_capture_on_commit_callbacks
):
    # A reader between the change and its commit would cache the old rows for
    # good; the ladder is forgotten again once the change is committed.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.update_rank(ladder[2], by=manager, name="Legend", min_points=100)
    reputation.forget_ladder()
    old = ((0, "Newcomer"), (20, "Helper"), (100, "Guru"))
    reputation.cache.set(reputation.LADDER_CACHE_KEY, old)

    for callback in callbacks:
        callback()

    assert reputation.cache.get(reputation.LADDER_CACHE_KEY) is None
    assert reputation.rank_for(150) == "Legend"
