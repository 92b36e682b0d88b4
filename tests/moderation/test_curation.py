from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from forum import services
from forum.models import Board, MeToo, Post, PostRevision, Thread, ThreadFollow
from forum.moderation import services as moderation
from forum.moderation.models import AuditAction, AuditEntry, ThreadRedirect
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(board, title="Modem keeps rebooting at night", author=None, **kwargs):
    return services.create_thread(
        board=board,
        author=author or UserFactory(),
        title=title,
        body="It restarts around 2am.",
        **kwargs,
    )


def last_entry() -> AuditEntry:
    return AuditEntry.objects.latest("id")


def counters(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return [
        (o.thread_count, o.post_count)
        if isinstance(o, Board)
        else (o.reply_count, o.kudos_count)
        for o in objects
    ]


@pytest.mark.parametrize(
    ("service", "field", "value", "action"),
    [
        (moderation.lock_thread, "is_locked", True, AuditAction.LOCK_THREAD),
        (moderation.pin_thread, "is_pinned", True, AuditAction.PIN_THREAD),
    ],
)
def test_lock_and_pin_change_the_thread_and_write_an_audit_entry(
    question, moderator, service, field, value, action
):
    service(question, by=moderator, reason="Tidy up")

    question.refresh_from_db()
    assert getattr(question, field) is value
    entry = last_entry()
    assert (entry.action, entry.actor, entry.target_id, entry.reason) == (
        action,
        moderator,
        question.pk,
        "Tidy up",
    )
    assert (entry.before, entry.after) == ({field: not value}, {field: value})


def test_unlock_and_unpin_undo_and_are_audited(question, moderator):
    moderation.lock_thread(question, by=moderator)
    moderation.pin_thread(question, by=moderator)

    moderation.unlock_thread(question, by=moderator)
    moderation.unpin_thread(question, by=moderator)

    question.refresh_from_db()
    assert not question.is_locked and not question.is_pinned
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        AuditAction.LOCK_THREAD,
        AuditAction.PIN_THREAD,
        AuditAction.UNLOCK_THREAD,
        AuditAction.UNPIN_THREAD,
    ]


def test_repeating_an_action_changes_nothing_and_logs_nothing(question, moderator):
    moderation.lock_thread(question, by=moderator)
    moderation.lock_thread(question, by=moderator)

    assert AuditEntry.objects.count() == 1


def test_a_locked_thread_takes_no_replies_from_members(question, moderator, customer):
    moderation.lock_thread(question, by=moderator)

    with pytest.raises(PermissionDenied, match="locked"):
        services.post_reply(question, author=UserFactory(), body="Hello?")


def test_featuring_puts_the_thread_on_the_home_page(client, question, moderator):
    moderation.feature_thread(question, by=moderator, reason="Great answer")

    question.refresh_from_db()
    assert question.is_featured
    response = client.get("/")
    assert [t.pk for t in response.context["featured"]] == [question.pk]
    assert "Featured" in response.content.decode()
    assert last_entry().action == AuditAction.FEATURE_THREAD

    moderation.unfeature_thread(question, by=moderator)

    assert client.get("/").context["featured"] == []
    assert last_entry().action == AuditAction.UNFEATURE_THREAD


def test_hidden_threads_cannot_be_featured(question, moderator):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    with pytest.raises(ValidationError):
        moderation.feature_thread(question, by=moderator)


def test_board_moderators_cannot_feature(question, board_moderator):
    with pytest.raises(PermissionDenied):
        moderation.feature_thread(question, by=board_moderator)


def test_moving_keeps_both_boards_counters_exact(
    question, answer, moderator, board, other_board
):
    moderation.move_thread(question, to=other_board, by=moderator, reason="Billing")

    question.refresh_from_db()
    assert question.board == other_board
    assert counters(board, other_board) == [(0, 0), (1, 2)]
    entry = last_entry()
    assert entry.action == AuditAction.MOVE_THREAD
    assert (entry.before, entry.after) == (
        {"board": board.slug},
        {"board": other_board.slug},
    )


def test_moving_into_a_missing_board_is_a_clear_error(question, moderator, board):
    gone = BoardFactory()
    gone_copy = Board.objects.get(pk=gone.pk)
    gone.delete()

    with pytest.raises(ValidationError, match="doesn't exist"):
        moderation.move_thread(question, to=gone_copy, by=moderator)
    with pytest.raises(ValidationError, match="doesn't exist"):
        moderation.move_thread(question, to=None, by=moderator)
    assert Thread.objects.get(pk=question.pk).board == board
    assert not AuditEntry.objects.exists()


def test_moving_into_the_same_board_is_a_clear_error(question, moderator, board):
    with pytest.raises(ValidationError, match="already in"):
        moderation.move_thread(question, to=board, by=moderator)


def test_a_board_moderator_cannot_move_into_a_board_they_do_not_moderate(
    question, board_moderator, other_board
):
    with pytest.raises(PermissionDenied, match="both boards"):
        moderation.move_thread(question, to=other_board, by=board_moderator)

    assert Thread.objects.get(pk=question.pk).board != other_board


def make_conversation(board, *, replies: int, asker=None):
    thread = ask(board, title=f"Conversation with {replies} replies", author=asker)
    for n in range(replies):
        services.post_reply(thread, author=UserFactory(), body=f"Reply {n}")
    return thread


def test_merging_moves_every_post_exactly_once_with_authors_and_times(
    board, other_board, moderator
):
    target = make_conversation(board, replies=2)
    source = make_conversation(other_board, replies=3)
    before = {
        post.pk: (post.author_id, post.created_at)
        for post in Post.objects.filter(thread__in=[target, source])
    }

    merged = moderation.merge_threads(source, into=target, by=moderator)

    after = {post.pk: (post.author_id, post.created_at) for post in merged.posts.all()}
    assert after == before
    assert not Thread.objects.filter(pk=source.pk).exists()
    assert counters(merged, board, other_board) == [(6, 0), (1, 7), (0, 0)]
    assert merged.first_post_id == target.first_post_id


def test_merging_leaves_a_redirect_from_the_old_address(client, board, moderator):
    target, source = (
        make_conversation(board, replies=0),
        make_conversation(board, replies=1),
    )
    old_url = source.get_absolute_url()

    moderation.merge_threads(source, into=target, by=moderator, reason="Duplicate")

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()
    assert ThreadRedirect.objects.get().old_thread_id == source.pk
    entry = last_entry()
    assert (entry.action, entry.target_id, entry.reason) == (
        AuditAction.MERGE_THREAD,
        source.pk,
        "Duplicate",
    )
    assert entry.after["merged_into"] == target.pk


def test_merging_twice_keeps_the_first_address_working(client, board, moderator):
    first, second, third = (make_conversation(board, replies=0) for _ in range(3))
    first_url = first.get_absolute_url()

    moderation.merge_threads(first, into=second, by=moderator)
    moderation.merge_threads(second, into=third, by=moderator)

    assert client.get(first_url)["Location"] == third.get_absolute_url()


def test_a_reply_sent_to_a_thread_merged_meanwhile_joins_the_merged_thread(
    board, moderator
):
    first, second, third = (make_conversation(board, replies=0) for _ in range(3))
    moderation.merge_threads(first, into=second, by=moderator)
    moderation.merge_threads(second, into=third, by=moderator)

    post = services.post_reply(first, author=UserFactory(), body="Same here.")

    assert post.thread_id == third.pk
    third.refresh_from_db()
    # The two merged questions became replies too.
    assert third.reply_count == third.posts.count() - 1 == 3


def test_merging_a_thread_into_itself_is_a_clear_error(question, moderator):
    with pytest.raises(ValidationError, match="itself"):
        moderation.merge_threads(question, into=question, by=moderator)

    assert Thread.objects.filter(pk=question.pk).exists()


def test_merging_into_a_missing_thread_is_a_clear_error(question, moderator):
    with pytest.raises(ValidationError, match="doesn't exist"):
        moderation.merge_threads(question, into=Thread(pk=99999), by=moderator)


def test_merging_keeps_the_source_solution_when_the_target_has_none(board, moderator):
    target = make_conversation(board, replies=0)
    source = make_conversation(board, replies=1)
    answer = source.posts.exclude(pk=source.first_post_id).get()
    services.accept_solution(source, post=answer, by=source.author)

    merged = moderation.merge_threads(source, into=target, by=moderator)

    merged.refresh_from_db()
    assert merged.solution_post == answer
    answer.author.refresh_from_db()
    assert answer.author.solution_count == 1


def test_merging_drops_the_second_solution_and_its_credit(board, moderator):
    target, source = (make_conversation(board, replies=1) for _ in range(2))
    for thread in (target, source):
        reply = thread.posts.exclude(pk=thread.first_post_id).get()
        services.accept_solution(thread, post=reply, by=thread.author)
    dropped = source.posts.exclude(pk=source.first_post_id).get()

    moderation.merge_threads(source, into=target, by=moderator)

    dropped.author.refresh_from_db()
    assert (dropped.author.solution_count, dropped.author.reputation) == (0, 0)


def test_merging_keeps_one_follow_and_me_too_per_member(board, moderator):
    target, source = (
        make_conversation(board, replies=0),
        make_conversation(board, replies=0),
    )
    fan = UserFactory()
    for thread in (target, source):
        services.add_me_too(thread, by=fan)
        services.follow_thread(thread, by=fan)

    merged = moderation.merge_threads(source, into=target, by=moderator)

    assert MeToo.objects.filter(user=fan).count() == 1
    assert ThreadFollow.objects.filter(user=fan, thread=merged).count() == 1
    merged.refresh_from_db()
    assert merged.me_too_count == 1


def test_merging_needs_rights_on_both_boards(board, other_board, board_moderator):
    source, target = (
        make_conversation(board, replies=0),
        make_conversation(other_board, replies=0),
    )

    with pytest.raises(PermissionDenied):
        moderation.merge_threads(source, into=target, by=board_moderator)
    assert Thread.objects.filter(pk=source.pk).exists()


def test_splitting_moves_the_chosen_replies_into_a_new_thread(board, moderator):
    thread = make_conversation(board, replies=4)
    replies = list(thread.posts.exclude(pk=thread.first_post_id).order_by("id"))
    chosen = [replies[1].pk, replies[3].pk]

    new = moderation.split_thread(
        thread, post_ids=chosen, title="A different question", by=moderator
    )

    assert new.first_post_id == replies[1].pk
    assert new.author_id == replies[1].author_id
    assert new.created_at == replies[1].created_at
    assert sorted(new.posts.values_list("pk", flat=True)) == chosen
    assert set(thread.posts.values_list("pk", flat=True)) == {
        thread.first_post_id,
        replies[0].pk,
        replies[2].pk,
    }
    assert counters(thread, new, board) == [(2, 0), (1, 0), (2, 5)]
    entry = last_entry()
    assert entry.action == AuditAction.SPLIT_THREAD
    assert entry.after["posts"] == chosen


def test_splitting_into_another_board_counts_there(board, other_board, moderator):
    thread = make_conversation(board, replies=2)
    reply = thread.posts.exclude(pk=thread.first_post_id).first()

    moderation.split_thread(
        thread,
        post_ids=[reply.pk],
        title="Belongs in billing",
        board=other_board,
        by=moderator,
    )

    assert counters(board, other_board) == [(1, 2), (1, 1)]


def test_splitting_zero_posts_is_a_clear_error(question, moderator):
    with pytest.raises(ValidationError, match="at least one"):
        moderation.split_thread(question, post_ids=[], title="Nothing", by=moderator)
    assert Thread.objects.count() == 1


def test_splitting_the_question_or_another_threads_posts_is_refused(
    question, answer, board, moderator
):
    elsewhere = make_conversation(board, replies=1)
    stranger = elsewhere.posts.exclude(pk=elsewhere.first_post_id).get()

    for post_ids in ([question.first_post_id], [answer.pk, stranger.pk], ["x"]):
        with pytest.raises(ValidationError):
            moderation.split_thread(
                question, post_ids=post_ids, title="Split off here", by=moderator
            )
    assert Post.objects.get(pk=answer.pk).thread_id == question.pk


def test_splitting_off_the_solution_leaves_the_old_thread_unsolved(
    question, answer, customer, moderator
):
    services.accept_solution(question, post=answer, by=customer)

    moderation.split_thread(
        question, post_ids=[answer.pk], title="The answer, on its own", by=moderator
    )

    question.refresh_from_db()
    answer.author.refresh_from_db()
    assert not question.is_solved
    assert answer.author.solution_count == 0


def test_moderators_edit_any_post_keeping_revisions_and_an_audit_entry(
    question, answer, moderator
):
    services.edit_post(answer, by=moderator, body="Ask for a line test, politely.")

    revision = PostRevision.objects.get(post=answer)
    assert revision.body == "Ask for a line test and mention the times."
    entry = last_entry()
    assert (entry.action, entry.actor) == (AuditAction.EDIT_POST, moderator)
    assert entry.before == {"body": "Ask for a line test and mention the times."}
    assert entry.after == {"body": "Ask for a line test, politely."}


def test_moderators_edit_titles_and_tags_of_questions(question, moderator):
    services.edit_post(
        question.first_post,
        by=moderator,
        body=question.first_post.body,
        title="NBN drops out at 8pm each evening",
        tags="nbn, evening",
    )

    entry = last_entry()
    assert entry.before["title"] == "NBN drops out every evening"
    assert entry.after["tags"] == ["evening", "nbn"]


def test_authors_editing_their_own_posts_are_not_audited(answer):
    services.edit_post(answer, by=answer.author, body="Better words.")

    assert not AuditEntry.objects.exists()


def test_board_moderators_edit_only_in_their_boards(
    answer, board_moderator, other_board, moderator
):
    services.edit_post(answer, by=board_moderator, body="Edited by Bea.")
    moderation.move_thread(answer.thread, to=other_board, by=moderator)

    with pytest.raises(PermissionDenied):
        services.edit_post(answer, by=board_moderator, body="Edited again.")


def test_a_reply_approved_late_still_counts_as_first_response_at_its_time(
    question, pending_reply, moderator
):
    Post.objects.filter(pk=pending_reply.pk).update(
        created_at=question.created_at + timedelta(minutes=5)
    )

    moderation.approve_post(pending_reply, by=moderator)

    question.refresh_from_db()
    assert question.first_response_seconds == 300
    assert question.last_poster_id == pending_reply.author_id
    assert User.objects.get(pk=pending_reply.author_id).post_count == 1
