import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import Thread
from forum.moderation import selectors
from forum.moderation import services as moderation
from forum.moderation.models import AuditAction, AuditEntry, Flag, FlagResolution

pytestmark = pytest.mark.django_db


def flag(post, user, reason="spam", note=""):
    return moderation.flag_post(post, by=user, reason=reason, note=note)


def test_a_member_flags_a_post_once(answer, customer):
    assert flag(answer, customer) is True
    assert flag(answer, customer, reason="abuse") is False

    stored = Flag.objects.get()
    assert (stored.user, stored.reason) == (customer, "spam")


def test_other_needs_a_note_and_unknown_reasons_are_refused(answer, customer):
    with pytest.raises(ValidationError, match="what's wrong"):
        flag(answer, customer, reason="other")
    with pytest.raises(ValidationError):
        flag(answer, customer, reason="boring")

    assert flag(answer, customer, reason="other", note="Looks copied") is True


def test_nobody_flags_their_own_post_and_visitors_cannot_flag(answer):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        flag(answer, answer.author)
    with pytest.raises(PermissionDenied):
        flag(answer, AnonymousUser())
    assert not Flag.objects.exists()


def test_flags_from_enough_distinct_members_hide_the_post(answer, flaggers, settings):
    settings.MODERATION_FLAGS_TO_HIDE = 3
    flag(answer, flaggers[0])
    flag(answer, flaggers[0], reason="abuse")
    flag(answer, flaggers[1])
    answer.refresh_from_db()
    assert not answer.is_hidden

    flag(answer, flaggers[2])

    answer.refresh_from_db()
    assert answer.is_hidden
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == (AuditAction.AUTO_HIDE_POST, None)
    assert entry.reason == "Flagged by 3 members"


def test_a_post_hidden_by_flags_waits_in_the_queue_with_its_flags_open(
    answer, flaggers, moderator, settings
):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    for user in flaggers[:2]:
        flag(answer, user)

    queue = list(selectors.moderation_queue(moderator))

    assert queue == [answer]
    assert len(queue[0].open_flags) == 2
    assert selectors.queue_count(moderator) == 1


def test_dismissing_flags_on_a_hidden_post_restores_it(
    question, answer, flaggers, moderator, settings
):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    for user in flaggers[:2]:
        flag(answer, user)

    assert moderation.dismiss_flags(answer, by=moderator) == 2

    answer.refresh_from_db()
    question.refresh_from_db()
    assert not answer.is_hidden
    assert question.reply_count == 1
    assert not Flag.objects.open().exists()
    assert set(Flag.objects.values_list("resolution", flat=True)) == {
        FlagResolution.DISMISSED
    }
    assert selectors.queue_count(moderator) == 0


def test_dismissing_flags_on_a_visible_post_writes_an_audit_entry(
    answer, customer, moderator
):
    flag(answer, customer)

    assert moderation.dismiss_flags(answer, by=moderator, reason="Fine") == 1

    entry = AuditEntry.objects.get(action=AuditAction.DISMISS_FLAGS)
    assert (entry.actor, entry.reason, entry.after) == (
        moderator,
        "Fine",
        {"flags_dismissed": 1},
    )


def test_hiding_a_flagged_post_upholds_its_flags(answer, customer, moderator):
    flag(answer, customer)

    moderation.hide_post(answer, by=moderator, reason="Advertising")

    assert Flag.objects.get().resolution == FlagResolution.UPHELD
    assert selectors.queue_count(moderator) == 0


def test_keeping_a_post_the_flags_hid_hidden_upholds_them(
    answer, flaggers, moderator, settings
):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    for user in flaggers[:2]:
        flag(answer, user)

    moderation.hide_post(answer, by=moderator, reason="Confirmed spam")

    answer.refresh_from_db()
    assert answer.is_hidden
    assert set(Flag.objects.values_list("resolution", flat=True)) == {
        FlagResolution.UPHELD
    }
    assert selectors.queue_count(moderator) == 0
    assert AuditEntry.objects.latest("id").after == {
        "is_hidden": True,
        "flags_upheld": 2,
    }


def test_a_flagged_question_hides_its_whole_thread(question, flaggers, settings):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    for user in flaggers[:2]:
        flag(question.first_post, user)

    assert Thread.objects.get(pk=question.pk).is_hidden


def test_a_dismissed_flagger_cannot_flag_the_same_post_again(
    answer, customer, moderator
):
    flag(answer, customer)
    moderation.dismiss_flags(answer, by=moderator)

    assert flag(answer, customer) is False
    assert not Flag.objects.open().exists()


def test_moderators_of_the_board_act_instead_of_flagging(answer, board_moderator):
    with pytest.raises(PermissionDenied):
        flag(answer, board_moderator)


def test_flagging_through_the_page(client, answer, customer):
    client.force_login(customer)

    response = client.post(
        f"/p/{answer.pk}/flag/", {"reason": "personal_information", "note": "Phone"}
    )

    assert response.status_code == 302
    assert Flag.objects.get().note == "Phone"
    body = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "You flagged this post" in body


def test_the_flag_that_hides_a_reply_lands_on_the_thread_with_thanks(
    client, answer, flaggers, settings
):
    settings.MODERATION_FLAGS_TO_HIDE = 3
    for user in flaggers[:2]:
        flag(answer, user)
    client.force_login(flaggers[2])

    response = client.post(f"/p/{answer.pk}/flag/", {"reason": "spam"}, follow=True)

    answer.refresh_from_db()
    assert answer.is_hidden
    assert response.status_code == 200
    assert response.redirect_chain == [(answer.thread.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Thanks: the post is hidden until a moderator has looked at it." in page
    assert "Ask for a line test" not in page


def test_the_flag_that_hides_a_question_lands_on_its_board_with_thanks(
    client, question, flaggers, settings
):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    flag(question.first_post, flaggers[0])
    client.force_login(flaggers[1])

    response = client.post(
        f"/p/{question.first_post_id}/flag/", {"reason": "spam"}, follow=True
    )

    assert Thread.objects.get(pk=question.pk).is_hidden
    assert response.status_code == 200
    assert response.redirect_chain == [(question.board.get_absolute_url(), 302)]
    assert "the post is hidden until a moderator" in response.content.decode()


def test_a_flag_that_hides_nothing_lands_on_the_post(client, answer, customer):
    client.force_login(customer)

    response = client.post(f"/p/{answer.pk}/flag/", {"reason": "spam"})

    assert response["Location"] == f"/p/{answer.pk}/"


def test_flagging_with_no_reason_through_the_page_stores_nothing(
    client, answer, customer
):
    client.force_login(customer)

    response = client.post(f"/p/{answer.pk}/flag/", {}, follow=True)

    assert "Choose what" in response.content.decode()
    assert not Flag.objects.exists()


def test_the_flag_form_shows_for_members_but_not_on_their_own_posts(
    client, question, answer
):
    flag_action = f'action="/p/{answer.pk}/flag/"'
    client.force_login(question.author)
    assert flag_action in client.get(question.get_absolute_url()).content.decode()
    client.force_login(answer.author)
    assert flag_action not in client.get(question.get_absolute_url()).content.decode()
