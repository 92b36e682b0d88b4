import pytest
from django.contrib.admin.sites import site

from forum.moderation import audit
from forum.moderation import services as moderation
from forum.moderation.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_once_written(question, moderator):
    moderation.lock_thread(question, by=moderator, reason="Heated")
    entry = AuditEntry.objects.get()

    entry.reason = "Nothing to see"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()

    assert AuditEntry.objects.get().reason == "Heated"


def test_the_admin_shows_entries_read_only(rf, administrator):
    model_admin = site._registry[AuditEntry]
    request = rf.get("/admin/")
    request.user = administrator

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db(transaction=True)
def test_an_entry_is_written_only_inside_the_actions_transaction(board, moderator):
    from tests.factories import ThreadFactory

    with pytest.raises(RuntimeError, match="inside the action"):
        audit.record("lock_thread", actor=moderator, target=ThreadFactory(board=board))
    assert not AuditEntry.objects.exists()


def test_a_failed_action_leaves_no_entry(question, moderator, monkeypatch):
    from forum.moderation.services import threads

    def broken_recount(**_):
        raise RuntimeError("database went away")

    monkeypatch.setattr(threads, "recount", broken_recount)

    with pytest.raises(RuntimeError):
        moderation.move_thread(
            question,
            to=type(question.board).objects.create(name="B", slug="b"),
            by=moderator,
        )

    assert not AuditEntry.objects.exists()
    question.refresh_from_db()
    assert question.board.slug != "b"


def test_appointing_a_board_moderator_in_the_admin_is_audited(
    client, administrator, customer, board
):
    client.force_login(administrator)

    response = client.post(
        "/admin/moderation/boardmoderator/add/",
        {"user": customer.pk, "board": board.pk},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.after) == (
        "grant_board_moderator",
        {"member": customer.username},
    )
