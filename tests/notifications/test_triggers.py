import pytest

from forum import services
from forum.models import Post, Thread, ThreadFollow
from forum.notifications import services as notifications
from forum.notifications import texts
from forum.notifications.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.factories import UserFactory
from tests.notifications.conftest import notifications_of

pytestmark = pytest.mark.django_db


def test_a_reply_notifies_the_asker_who_follows_the_thread(question, answer, customer):
    (notification,) = notifications_of(customer, NotificationKind.REPLY)

    assert notification.post == answer
    assert notification.actor == answer.author
    assert notification.is_unread
    assert texts.summary(notification) == (
        f"{answer.author.name} replied to “{question.title}”"
    )


def test_a_reply_notifies_every_follower_but_never_the_replier(question, customer):
    follower = UserFactory()
    services.follow_thread(question, by=follower)
    replier = UserFactory()

    services.post_reply(question, author=replier, body="Try a new modem.")

    assert len(notifications_of(follower, NotificationKind.REPLY)) == 1
    assert len(notifications_of(customer, NotificationKind.REPLY)) == 1
    assert notifications_of(replier) == []


def test_inactive_members_are_not_notified(question, customer):
    customer.is_active = False
    customer.save(update_fields=["is_active"])

    services.post_reply(question, author=UserFactory(), body="An answer.")

    assert notifications_of(customer) == []


def test_members_who_turned_a_kind_off_are_not_notified(question, customer):
    NotificationPreference.objects.create(
        user=customer, kind=NotificationKind.REPLY, channel=Channel.OFF
    )

    services.post_reply(question, author=UserFactory(), body="An answer.")

    assert notifications_of(customer) == []


def test_members_who_unfollowed_hear_nothing_of_replies(question, customer):
    services.unfollow_thread(question, by=customer)

    services.post_reply(question, author=UserFactory(), body="An answer.")

    assert notifications_of(customer, NotificationKind.REPLY) == []


def test_a_hidden_reply_notifies_nobody_but_moderators(question, customer, moderator):
    services.follow_thread(question, by=moderator)
    reply = Post(thread=question, author=UserFactory(), is_hidden=True)
    reply.body_html = "<p>Spam</p>"
    reply.save()

    notifications.notify_reply(reply)

    assert notifications_of(customer) == []
    assert len(notifications_of(moderator, NotificationKind.REPLY)) == 1


def test_a_mention_notifies_the_member_once_instead_of_a_reply(question, customer):
    mentioned = UserFactory(username="lee")

    services.post_reply(
        question, author=UserFactory(), body="@lee @carla have you seen this?"
    )

    assert [n.kind for n in notifications_of(mentioned)] == [NotificationKind.MENTION]
    # carla follows the thread and is mentioned: one notification, the mention.
    assert [n.kind for n in notifications_of(customer)] == [NotificationKind.MENTION]


def test_mentioning_yourself_notifies_nobody(question):
    author = UserFactory(username="selfish")

    services.post_reply(question, author=author, body="As @selfish said before.")

    assert notifications_of(author) == []


def test_an_edit_notifies_only_members_mentioned_for_the_first_time(
    question, other_customer
):
    UserFactory(username="lee")
    UserFactory(username="sam")
    reply = services.post_reply(question, author=other_customer, body="Ask @lee.")

    services.edit_post(reply, by=other_customer, body="Ask @lee or @sam.")

    kinds = Notification.objects.filter(kind=NotificationKind.MENTION)
    assert sorted(kinds.values_list("recipient__username", flat=True)) == [
        "lee",
        "sam",
    ]


def test_a_new_thread_notifies_followers_of_the_board_and_tags_once(board):
    board_follower, tag_follower, both = UserFactory(), UserFactory(), UserFactory()
    notifications.follow_board(board, by=board_follower)
    notifications.follow_board(board, by=both)
    asker = UserFactory()
    services.create_thread(
        board=board, author=asker, title="First thread here", body="Hm.", tags="modem"
    )
    from taggit.models import Tag

    modem = Tag.objects.get(name="modem")
    notifications.follow_tag(modem, by=tag_follower)
    notifications.follow_tag(modem, by=both)

    thread = services.create_thread(
        board=board, author=asker, title="Second thread here", body="Hm.", tags="modem"
    )

    (for_board,) = notifications_of(board_follower, NotificationKind.NEW_THREAD)[1:]
    (for_tag,) = notifications_of(tag_follower, NotificationKind.NEW_THREAD)
    assert for_board.thread == thread and for_board.detail == board.name
    assert for_tag.thread == thread and for_tag.detail == "#modem"
    assert len(notifications_of(both, NotificationKind.NEW_THREAD)) == 2
    assert notifications_of(asker, NotificationKind.NEW_THREAD) == []


def test_following_your_own_board_does_not_notify_you_of_your_thread(board, customer):
    notifications.follow_board(board, by=customer)

    services.create_thread(
        board=board, author=customer, title="My own question", body="Why?"
    )

    assert notifications_of(customer, NotificationKind.NEW_THREAD) == []


def test_accepting_notifies_the_asker_and_the_answers_author(
    question, answer, expert, customer
):
    services.accept_solution(question, post=answer, by=expert)

    (solved,) = notifications_of(customer, NotificationKind.QUESTION_SOLVED)
    (accepted,) = notifications_of(answer.author, NotificationKind.ANSWER_ACCEPTED)
    assert solved.post == answer and accepted.post == answer
    assert texts.summary(accepted).endswith("was accepted as the solution by an expert")


def test_the_asker_who_accepts_is_not_told_their_question_is_solved(
    question, answer, customer
):
    services.accept_solution(question, post=answer, by=customer)

    assert notifications_of(customer, NotificationKind.QUESTION_SOLVED) == []
    assert len(notifications_of(answer.author, NotificationKind.ANSWER_ACCEPTED)) == 1


def test_kudos_are_batched_while_the_notification_is_unread(answer):
    fans = [UserFactory() for _ in range(5)]

    for fan in fans:
        services.give_kudos(answer, by=fan)

    (notification,) = notifications_of(answer.author, NotificationKind.KUDOS)
    assert notification.count == 5
    assert notification.actor == fans[-1]
    assert texts.summary(notification).startswith("5 people gave kudos to your reply")


def test_kudos_after_the_batch_was_read_start_a_new_one(answer):
    services.give_kudos(answer, by=UserFactory())
    notifications.mark_all_read(answer.author)

    services.give_kudos(answer, by=UserFactory())

    first, second = notifications_of(answer.author, NotificationKind.KUDOS)
    assert (first.count, second.count) == (1, 1)
    assert not first.is_unread and second.is_unread


def test_a_single_kudos_names_the_giver(answer):
    fan = UserFactory(display_name="Priya")

    services.give_kudos(answer, by=fan)

    (notification,) = notifications_of(answer.author, NotificationKind.KUDOS)
    assert texts.summary(notification).startswith("Priya gave kudos to your reply")


def test_moderator_action_notifies_the_author_even_when_the_post_is_hidden(
    answer, moderator
):
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)

    notification = notifications.notify_moderator_action(
        answer, action="hidden", reason="Contains a phone number.", by=moderator
    )

    assert notification.recipient == answer.author
    assert notification.detail == "Contains a phone number."
    assert texts.summary(notification) == (
        f"A moderator hid your reply in “{answer.thread.title}”"
    )


def test_a_moderator_acting_on_their_own_post_gets_no_notification(question, moderator):
    own = services.post_reply(question, author=moderator, body="Locking this.")

    assert (
        notifications.notify_moderator_action(own, action="edited", by=moderator)
        is None
    )


def test_a_moderator_action_needs_an_action(answer):
    with pytest.raises(ValueError, match="moderator action"):
        notifications.notify_moderator_action(answer, action=" ")

    assert not Notification.objects.filter(kind=NotificationKind.MODERATION).exists()


def test_opted_out_authors_get_no_moderator_notice(answer):
    NotificationPreference.objects.create(
        user=answer.author, kind=NotificationKind.MODERATION, channel=Channel.OFF
    )

    assert notifications.notify_moderator_action(answer, action="edited") is None


def test_turning_auto_follow_off_stops_following_your_own_threads(board, customer):
    notifications.update_preferences(
        customer, channels={}, email_frequency="immediate", auto_follow=False
    )

    thread = services.create_thread(
        board=board, author=customer, title="Quiet question", body="Shh."
    )
    services.post_reply(thread, author=customer, body="Still here.")

    assert not ThreadFollow.objects.filter(user=customer).exists()


def test_notifications_about_content_hidden_later_disappear_from_the_list(
    question, answer, customer
):
    from forum.notifications import selectors

    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    listed = selectors.notification_list(customer)
    assert [n.kind for n in listed] == [NotificationKind.BADGE]
    assert selectors.unread_count(customer) == 1


def test_a_post_approved_later_notifies_as_if_it_had_just_been_posted(
    question, customer
):
    from forum import events

    held = Post(thread=question, author=UserFactory(), body="Held back @carla")
    held.body_html = "<p>Held back</p>"
    held.save()

    events.post_published(held)

    (notification,) = notifications_of(customer)
    assert notification.kind == NotificationKind.MENTION
    assert notification.post == held


def test_opening_a_badge_notification_leads_to_your_profile(client, question, customer):
    badge = Notification.objects.get(recipient=customer, kind=NotificationKind.BADGE)
    client.force_login(customer)

    response = client.get(f"/notifications/{badge.pk}/")

    assert response["Location"] == f"/u/{customer.username}/"


def test_the_admin_lists_every_new_model(client, administrator, question, answer):
    client.force_login(administrator)
    pages = [
        "notifications/notification",
        "notifications/notificationsettings",
        "notifications/notificationpreference",
        "notifications/boardfollow",
        "notifications/tagfollow",
        "notifications/acceptreminder",
        "reputation/rank",
        "reputation/badgeaward",
    ]

    statuses = {page: client.get(f"/admin/{page}/").status_code for page in pages}

    assert set(statuses.values()) == {200}
