import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from accounts.models import Role
from forum.ideas.models import Idea, IdeaFlag
from forum.ideas.services import moderation
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import IdeaCommentFactory, IdeaFactory, UserFactory
from tests.ideas.staff_support import with_idea_pages

pytestmark = [pytest.mark.django_db, with_idea_pages]


def _comment_on(idea: Idea, **kwargs):
    comment = IdeaCommentFactory(idea=idea, **kwargs)
    Idea.objects.filter(pk=idea.pk).update(comment_count=idea.comments.count())
    return comment


# --- flags ------------------------------------------------------------------------


def test_a_member_flags_someone_else_s_idea_once():
    idea, member = IdeaFactory(), UserFactory()

    assert moderation.flag_idea(idea, by=member, reason="spam")
    assert not moderation.flag_idea(idea, by=member, reason="abuse")

    assert IdeaFlag.objects.get().reason == "spam"


def test_nobody_flags_their_own_idea():
    idea = IdeaFactory()

    with pytest.raises(PermissionDenied):
        moderation.flag_idea(idea, by=idea.author, reason="spam")


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [("", "", "Choose"), ("nonsense", "", "Choose"), ("other", " ", "Tell")],
)
def test_a_flag_needs_a_known_reason_and_a_note_for_other(reason, note, message):
    with pytest.raises(ValidationError, match=message):
        moderation.flag_idea(IdeaFactory(), by=UserFactory(), reason=reason, note=note)

    assert not IdeaFlag.objects.exists()


def test_a_member_flags_a_comment_once():
    comment, member = IdeaCommentFactory(), UserFactory()

    assert moderation.flag_idea_comment(comment, by=member, reason="abuse")
    assert not moderation.flag_idea_comment(comment, by=member, reason="abuse")

    flag = IdeaFlag.objects.get()
    assert (flag.comment, flag.idea_id) == (comment, comment.idea_id)


def test_flagging_an_idea_and_one_of_its_comments_are_separate():
    comment, member = IdeaCommentFactory(), UserFactory()

    moderation.flag_idea_comment(comment, by=member, reason="abuse")

    assert moderation.flag_idea(comment.idea, by=member, reason="spam")
    assert IdeaFlag.objects.count() == 2


@override_settings(MODERATION_FLAGS_TO_HIDE=2)
def test_enough_flaggers_hide_an_idea_until_a_moderator_looks():
    idea = IdeaFactory()

    for member in UserFactory.create_batch(2):
        moderation.flag_idea(idea, by=member, reason="spam")

    idea.refresh_from_db()
    assert idea.is_hidden
    entry = AuditEntry.objects.get(action=AuditAction.HIDE_IDEA)
    assert entry.actor is None


# --- hiding, restoring, locking ---------------------------------------------------


def test_a_moderator_hides_an_idea_upholding_its_flags(moderator):
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")

    moderation.hide_idea(idea, by=moderator, reason="Advertising")

    idea.refresh_from_db()
    assert idea.is_hidden
    assert IdeaFlag.objects.get().resolution == "upheld"
    assert AuditEntry.objects.get().action == AuditAction.HIDE_IDEA


def test_hiding_needs_a_reason(moderator):
    idea = IdeaFactory()

    with pytest.raises(ValidationError, match="reason"):
        moderation.hide_idea(idea, by=moderator, reason="")

    idea.refresh_from_db()
    assert not idea.is_hidden


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.MANAGER], ids=str)
def test_only_moderators_hide_ideas(role):
    idea = IdeaFactory()

    with pytest.raises(PermissionDenied):
        moderation.hide_idea(idea, by=UserFactory(role=role), reason="No")

    idea.refresh_from_db()
    assert not idea.is_hidden


def test_a_moderator_restores_a_hidden_idea_dismissing_its_flags(moderator):
    idea = IdeaFactory(is_hidden=True)
    IdeaFlag.objects.create(idea=idea, user=UserFactory(), reason="spam")

    moderation.restore_idea(idea, by=moderator)

    idea.refresh_from_db()
    assert not idea.is_hidden
    assert IdeaFlag.objects.get().resolution == "dismissed"


def test_restoring_a_visible_idea_is_refused_clearly(moderator):
    with pytest.raises(ValidationError, match="isn't hidden"):
        moderation.restore_idea(IdeaFactory(), by=moderator)


def test_a_hidden_comment_leaves_the_comment_count(moderator):
    idea = IdeaFactory()
    comment = _comment_on(idea)
    _comment_on(idea)

    moderation.hide_idea_comment(comment, by=moderator, reason="Rude")

    idea.refresh_from_db()
    comment.refresh_from_db()
    assert comment.is_hidden
    assert idea.comment_count == 1


def test_a_restored_comment_counts_again(moderator):
    idea = IdeaFactory()
    comment = _comment_on(idea)
    moderation.hide_idea_comment(comment, by=moderator, reason="Rude")

    moderation.restore_idea_comment(comment, by=moderator)

    idea.refresh_from_db()
    assert idea.comment_count == 1
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert set(actions) == {"hide_idea_comment", "restore_idea_comment"}


def test_hiding_a_hidden_comment_changes_no_count(moderator):
    idea = IdeaFactory()
    comment = _comment_on(idea)
    moderation.hide_idea_comment(comment, by=moderator, reason="Rude")

    with pytest.raises(ValidationError, match="already hidden"):
        moderation.hide_idea_comment(comment, by=moderator, reason="Rude")

    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_a_customer_cannot_hide_a_comment():
    comment = _comment_on(IdeaFactory())

    with pytest.raises(PermissionDenied):
        moderation.hide_idea_comment(comment, by=UserFactory(), reason="Rude")


def test_a_moderator_locks_and_unlocks_an_idea(moderator):
    idea = IdeaFactory()

    moderation.lock_idea(idea, by=moderator)
    idea.refresh_from_db()
    assert idea.is_locked

    moderation.unlock_idea(idea, by=moderator)
    idea.refresh_from_db()
    assert not idea.is_locked
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {"lock_idea", "unlock_idea"}


def test_locking_a_locked_idea_is_refused_clearly(moderator):
    with pytest.raises(ValidationError, match="already locked"):
        moderation.lock_idea(IdeaFactory(is_locked=True), by=moderator)


def test_a_manager_cannot_lock_ideas(manager):
    with pytest.raises(PermissionDenied):
        moderation.lock_idea(IdeaFactory(), by=manager)


# --- editing ----------------------------------------------------------------------


def test_a_moderator_edits_an_idea_with_the_old_text_in_the_log(moderator):
    idea = IdeaFactory(title="Let us pay bills by text", body="Old body")

    moderation.edit_idea_as_moderator(
        idea,
        title="Pay bills by text message",
        body="New **body**",
        reason="Clearer title",
        by=moderator,
    )

    idea.refresh_from_db()
    assert idea.title == "Pay bills by text message"
    assert idea.slug == "pay-bills-by-text-message"
    assert "<strong>body</strong>" in idea.body_html
    entry = AuditEntry.objects.get(action=AuditAction.EDIT_IDEA)
    assert entry.before == {"title": "Let us pay bills by text", "body": "Old body"}
    assert entry.after["body"] == "New **body**"


def test_an_edit_with_a_too_short_title_changes_nothing(moderator):
    idea = IdeaFactory(title="A perfectly fine title")

    with pytest.raises(ValidationError, match="title"):
        moderation.edit_idea_as_moderator(
            idea, title="Short", body="Body", reason="Why", by=moderator
        )

    idea.refresh_from_db()
    assert idea.title == "A perfectly fine title"
    assert not AuditEntry.objects.exists()


def test_the_author_cannot_use_the_moderator_edit():
    idea = IdeaFactory()

    with pytest.raises(PermissionDenied):
        moderation.edit_idea_as_moderator(
            idea, title="A new title here", body="Body", reason="x", by=idea.author
        )


# --- resolving flags --------------------------------------------------------------


def test_dismissing_flags_keeps_the_idea_and_closes_them(moderator):
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")

    count = moderation.dismiss_idea_flags(idea, by=moderator)

    assert count == 1
    assert IdeaFlag.objects.get().resolution == "dismissed"
    assert AuditEntry.objects.get().action == AuditAction.DISMISS_IDEA_FLAGS


@override_settings(MODERATION_FLAGS_TO_HIDE=1)
def test_dismissing_the_flags_that_hid_an_idea_shows_it_again(moderator):
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")

    moderation.dismiss_idea_flags(idea, by=moderator)

    idea.refresh_from_db()
    assert not idea.is_hidden


def test_upholding_comment_flags_hides_the_comment(moderator):
    idea = IdeaFactory()
    comment = _comment_on(idea)
    moderation.flag_idea_comment(comment, by=UserFactory(), reason="abuse")

    count = moderation.uphold_idea_flags(idea, comment=comment, by=moderator)

    comment.refresh_from_db()
    idea.refresh_from_db()
    assert count == 1
    assert comment.is_hidden
    assert idea.comment_count == 0
    assert IdeaFlag.objects.get().resolution == "upheld"


@override_settings(MODERATION_FLAGS_TO_HIDE=1)
def test_upholding_flags_that_already_hid_an_idea_closes_them(moderator):
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")

    moderation.uphold_idea_flags(idea, by=moderator)

    idea.refresh_from_db()
    assert idea.is_hidden
    assert IdeaFlag.objects.get().resolution == "upheld"


def test_customers_cannot_resolve_flags():
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")

    with pytest.raises(PermissionDenied):
        moderation.dismiss_idea_flags(idea, by=UserFactory())
    with pytest.raises(PermissionDenied):
        moderation.uphold_idea_flags(idea, by=UserFactory())

    assert IdeaFlag.objects.open().count() == 1
