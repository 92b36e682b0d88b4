import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from forum.ideas.models import Idea, IdeaFlag
from forum.ideas.services import moderation
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import IdeaCommentFactory, IdeaFactory, UserFactory

pytestmark = [pytest.mark.django_db]


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


# --- pages ------------------------------------------------------------------------


def test_a_member_flags_an_idea_from_its_page(client, customer):
    idea = IdeaFactory()
    client.force_login(customer)

    response = client.post(
        f"/ideas/{idea.pk}/flag/",
        {"reason": "spam", "next": idea.get_absolute_url()},
    )

    assert response.status_code == 302
    assert IdeaFlag.objects.get().user == customer


def test_a_flag_without_a_reason_changes_nothing(client, customer):
    idea = IdeaFactory()
    client.force_login(customer)

    response = client.post(f"/ideas/{idea.pk}/flag/", {"reason": "bogus"})

    assert response.status_code == 302
    assert not IdeaFlag.objects.exists()


def test_a_member_flags_a_comment(client, customer):
    comment = IdeaCommentFactory()
    client.force_login(customer)

    client.post(f"/ideas/comments/{comment.pk}/flag/", {"reason": "abuse"})

    assert IdeaFlag.objects.get().comment == comment


def test_the_moderation_queue_lists_idea_flags_with_dismiss_and_uphold(
    client, moderator
):
    idea = IdeaFactory(title="Flag me for the queue please")
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")
    client.force_login(moderator)

    page = client.get("/moderation/").content.decode()

    assert "Flag me for the queue please" in page
    assert f'action="/ideas/{idea.pk}/flags/dismiss/"' in page
    assert f'action="/ideas/{idea.pk}/flags/uphold/"' in page


def test_upholding_from_the_queue_hides_the_idea(client, moderator):
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")
    client.force_login(moderator)

    response = client.post(f"/ideas/{idea.pk}/flags/uphold/")

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.is_hidden


def test_dismissing_a_comment_s_flags_from_the_queue(client, moderator):
    comment = IdeaCommentFactory()
    moderation.flag_idea_comment(comment, by=UserFactory(), reason="abuse")
    client.force_login(moderator)

    client.post(
        f"/ideas/{comment.idea_id}/flags/dismiss/", {"comment": str(comment.pk)}
    )

    assert IdeaFlag.objects.get().resolution == "dismissed"


@pytest.mark.parametrize("comment", ["abc", "999999"])
def test_resolving_flags_of_an_unknown_comment_is_a_404(client, moderator, comment):
    idea = IdeaFactory()
    client.force_login(moderator)

    response = client.post(f"/ideas/{idea.pk}/flags/dismiss/", {"comment": comment})

    assert response.status_code == 404


def test_a_customer_cannot_resolve_flags_from_the_queue(client, customer):
    idea = IdeaFactory()
    moderation.flag_idea(idea, by=UserFactory(), reason="spam")
    client.force_login(customer)

    assert client.post(f"/ideas/{idea.pk}/flags/uphold/").status_code == 403
    assert IdeaFlag.objects.open().count() == 1


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/moderation/").status_code == 200
    return len(captured)


def test_the_queue_query_count_does_not_grow_with_idea_flags(client, moderator):
    client.force_login(moderator)
    flagger = UserFactory()
    moderation.flag_idea_comment(IdeaCommentFactory(), by=flagger, reason="abuse")
    _queue_queries(client)
    one = _queue_queries(client)
    for n in range(19):
        if n % 2:
            moderation.flag_idea(IdeaFactory(), by=flagger, reason="spam")
        else:
            moderation.flag_idea_comment(
                IdeaCommentFactory(), by=flagger, reason="abuse"
            )

    _queue_queries(client)  # caches the new rows' writes invalidated fill again

    assert _queue_queries(client) == one


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("hide", "is_hidden", True), ("lock", "is_locked", True)],
)
def test_moderator_buttons_on_the_idea_page(client, moderator, action, field, value):
    idea = IdeaFactory()
    client.force_login(moderator)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert f'action="/ideas/{idea.pk}/moderate/{action}/"' in page

    client.post(f"/ideas/{idea.pk}/moderate/{action}/", {"reason": "Spam"})

    idea.refresh_from_db()
    assert getattr(idea, field) is value


def test_a_refused_moderator_action_flashes_the_reason(client, moderator):
    idea = IdeaFactory()
    client.force_login(moderator)

    response = client.post(f"/ideas/{idea.pk}/moderate/restore/", follow=True)

    assert "isn&#x27;t hidden" in response.content.decode()


def test_managers_see_no_moderator_buttons(client, manager):
    idea = IdeaFactory()
    client.force_login(manager)

    page = client.get(idea.get_absolute_url()).content.decode()

    assert "/moderate/hide/" not in page
    assert (
        client.post(f"/ideas/{idea.pk}/moderate/hide/", {"reason": "x"}).status_code
        == 403
    )


def test_a_moderator_hides_and_restores_a_comment(client, moderator):
    idea = IdeaFactory()
    comment = _comment_on(idea)
    client.force_login(moderator)

    client.post(f"/ideas/comments/{comment.pk}/moderate/hide/", {"reason": "Rude"})
    comment.refresh_from_db()
    assert comment.is_hidden

    client.post(f"/ideas/comments/{comment.pk}/moderate/restore/")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_the_moderator_edit_page_saves_with_a_reason(client, moderator):
    idea = IdeaFactory()
    client.force_login(moderator)
    assert client.get(f"/ideas/{idea.pk}/moderate/edit/").status_code == 200

    response = client.post(
        f"/ideas/{idea.pk}/moderate/edit/",
        {"title": "A clearer title for it", "body": "Body.", "reason": "Typos"},
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "A clearer title for it"


def test_the_moderator_edit_page_shows_a_refused_edit(client, moderator):
    idea = IdeaFactory()
    client.force_login(moderator)

    response = client.post(
        f"/ideas/{idea.pk}/moderate/edit/",
        {"title": "Tiny", "body": "Body.", "reason": "Typos"},
    )

    assert response.status_code == 400
    assert "at least" in response.content.decode()


def test_the_audit_log_links_idea_and_comment_entries(client, moderator):
    idea = IdeaFactory(title="An idea in the audit log")
    comment = _comment_on(idea)
    moderation.lock_idea(idea, by=moderator)
    moderation.hide_idea_comment(comment, by=moderator, reason="Rude")
    client.force_login(moderator)

    page = client.get("/moderation/log/").content.decode()

    assert f'href="/ideas/{idea.pk}/staff/"' in page
    assert "Locked an idea" in page and "Hid a comment on an idea" in page
    link = f"/ideas/comments/{comment.pk}/"
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response["Location"] == f"/ideas/{idea.pk}/staff/#comment-{comment.pk}"
    assert client.get(response["Location"]).status_code == 200


def _flag_form(request_user, **context) -> str:
    from django.template import RequestContext, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/ideas/1-x/")
    request.user = request_user
    template = Template('{% include "ideas/staff/_flag_form.html" %}')
    return template.render(RequestContext(request, context))


def test_the_flag_include_offers_others_a_flag_form(customer):
    idea = IdeaFactory()
    comment = IdeaCommentFactory(idea=idea)

    assert f'action="/ideas/{idea.pk}/flag/"' in _flag_form(customer, idea=idea)
    on_comment = _flag_form(customer, idea=idea, comment=comment)
    assert f'action="/ideas/comments/{comment.pk}/flag/"' in on_comment
    assert "<legend>What's wrong with it?</legend>" in on_comment


def test_the_flag_include_is_absent_for_the_author():
    idea = IdeaFactory()

    assert "flag" not in _flag_form(idea.author, idea=idea).lower()
