import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from taggit.models import Tag

from forum import services
from forum.models import Post
from forum.notifications import selectors
from forum.notifications.models import (
    BoardFollow,
    Channel,
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    TagFollow,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
SETTINGS = reverse("notifications:settings")


def unread_in_header(response) -> str | None:
    match = re.search(
        r'class="count-badge" data-unread="(\d+)"', response.content.decode()
    )
    return match.group(1) if match else None


def test_the_header_shows_the_unread_count(client, question, customer):
    from forum.notifications import services as notifications

    notifications.mark_all_read(customer)
    services.post_reply(question, author=UserFactory(), body="An answer.")
    client.force_login(customer)

    response = client.get("/")

    assert unread_in_header(response) == "1"
    assert 'aria-label="Notifications, 1 unread"' in response.content.decode()


def test_the_header_count_follows_new_and_read_notifications_at_once(
    client, question, customer, django_assert_num_queries
):
    from forum.notifications import services as notifications

    notifications.mark_all_read(customer)
    client.force_login(customer)
    assert unread_in_header(client.get("/")) is None

    services.post_reply(question, author=UserFactory(), body="An answer.")
    assert unread_in_header(client.get("/")) == "1"
    with django_assert_num_queries(0):
        assert selectors.unread_count(customer) == 1  # counted once, then cached

    notifications.mark_all_read(customer)
    assert unread_in_header(client.get("/")) is None


def test_the_header_shows_no_count_when_everything_is_read(client, customer):
    client.force_login(customer)

    assert unread_in_header(client.get("/")) is None


def test_the_list_shows_what_happened_newest_first(client, question, customer):
    first = services.post_reply(question, author=UserFactory(), body="One.")
    second = services.post_reply(question, author=UserFactory(), body="Two.")
    client.force_login(customer)

    response = client.get(LIST)

    assert response.status_code == 200
    posts = [n.post_id for n in response.context["page"].object_list]
    assert posts[:2] == [second.pk, first.pk]
    assert "replied to" in response.content.decode()


def test_the_list_needs_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_opening_a_notification_marks_it_read_and_leads_to_the_reply(
    client, question, answer, customer
):
    notification = Notification.objects.get(
        recipient=customer, kind=NotificationKind.REPLY
    )
    client.force_login(customer)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/p/{answer.pk}/"
    notification.refresh_from_db()
    assert not notification.is_unread


def test_opening_a_notice_about_a_hidden_post_explains_instead_of_404(
    client, answer, moderator
):
    from forum.notifications import services as notifications

    Post.objects.filter(pk=answer.pk).update(is_hidden=True)
    notification = notifications.notify_moderator_action(
        answer, action="hidden", reason="Off topic.", by=moderator
    )
    client.force_login(answer.author)

    response = client.get(
        reverse("notifications:open", args=[notification.pk]), follow=True
    )

    body = response.content.decode()
    assert "no longer visible" in body
    assert "Reason: Off topic." in body


def test_someone_elses_notification_is_404_and_stays_unread(
    client, question, answer, customer, other_customer
):
    notification = Notification.objects.get(
        recipient=customer, kind=NotificationKind.REPLY
    )
    client.force_login(other_customer)

    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    marked = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert (opened.status_code, marked.status_code) == (404, 404)
    notification.refresh_from_db()
    assert notification.is_unread


def test_mark_read_marks_one(client, question, customer):
    services.post_reply(question, author=UserFactory(), body="One.")
    services.post_reply(question, author=UserFactory(), body="Two.")
    one, _ = Notification.objects.filter(
        recipient=customer, kind=NotificationKind.REPLY
    )
    client.force_login(customer)

    response = client.post(
        reverse("notifications:mark_read", args=[one.pk]), {"next_page": LIST}
    )

    assert response["Location"] == LIST
    assert selectors.unread_count(customer) == 2  # the other reply and a badge


def test_mark_read_never_redirects_to_another_site(client, question, answer, customer):
    notification = Notification.objects.get(
        recipient=customer, kind=NotificationKind.REPLY
    )
    client.force_login(customer)

    response = client.post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"next_page": "https://evil.example.net/"},
    )

    assert response["Location"] == LIST


def test_mark_all_read(client, question, answer, customer):
    client.force_login(customer)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert "Marked 2 notifications read." in response.content.decode()
    assert selectors.unread_count(customer) == 0


def test_mark_all_read_only_touches_your_own(client, question, answer, customer):
    client.force_login(answer.author)

    client.post(reverse("notifications:mark_all_read"))

    assert selectors.unread_count(customer) == 2


def test_notification_list_query_count_is_the_same_for_1_and_20(
    client, board, customer
):
    thread = services.create_thread(
        board=board, author=customer, title="Lots of replies", body="Go."
    )
    services.post_reply(thread, author=UserFactory(), body="Reply")
    client.force_login(customer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    with_one = queries()
    for n in range(19):
        services.post_reply(thread, author=UserFactory(), body=f"Reply {n}")
    services.give_kudos(thread.first_post, by=UserFactory())

    assert queries() == with_one


# --- Preferences ------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {f"kind_{kind}": "email" for kind in NotificationKind.values}
    data |= {"email_frequency": "immediate", "auto_follow": "on"}
    return data | changes


def test_preferences_page_shows_the_defaults(client, customer):
    client.force_login(customer)

    response = client.get(SETTINGS)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["kind_kudos"] == Channel.SITE
    assert form.initial["email_frequency"] == EmailFrequency.IMMEDIATE


def test_saving_preferences(client, customer):
    client.force_login(customer)

    response = client.post(
        SETTINGS,
        form_data(kind_kudos="off", email_frequency="daily", auto_follow=""),
    )

    assert response.status_code == 302
    assert selectors.channels_for(customer)[NotificationKind.KUDOS] == Channel.OFF
    row = selectors.settings_for(customer)
    assert row.email_frequency == EmailFrequency.DAILY
    assert row.auto_follow is False


@pytest.mark.parametrize(
    "bad",
    [{"kind_reply": "carrier-pigeon"}, {"email_frequency": "hourly"}],
)
def test_preferences_with_unknown_values_are_refused_and_nothing_changes(
    client, customer, bad
):
    client.force_login(customer)

    response = client.post(SETTINGS, form_data(kind_kudos="off", **bad))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not NotificationSettings.objects.exists()


def test_the_preferences_service_refuses_unknown_kinds(customer):
    from django.core.exceptions import ValidationError

    from forum.notifications import services as notifications

    with pytest.raises(ValidationError, match="Unknown notification kind"):
        notifications.update_preferences(
            customer,
            channels={"telepathy": "email"},
            email_frequency="immediate",
            auto_follow=True,
        )

    assert not NotificationPreference.objects.exists()


# --- Follows ----------------------------------------------------------------------


def test_following_and_unfollowing_a_board(client, board, customer):
    client.force_login(customer)
    url = reverse("notifications:follow_board", args=[board.slug])

    client.post(url, {"action": "follow"})
    page = client.get(board.get_absolute_url()).content.decode()
    assert BoardFollow.objects.filter(user=customer, board=board).exists()
    assert "Following this board" in page

    client.post(url, {"action": "unfollow"})
    assert not BoardFollow.objects.filter(user=customer).exists()


def test_following_a_tag(client, question, other_customer):
    client.force_login(other_customer)

    response = client.post(reverse("notifications:follow_tag", args=["nbn"]))

    assert response["Location"] == "/tags/nbn/"
    assert TagFollow.objects.filter(
        user=other_customer, tag=Tag.objects.get(slug="nbn")
    ).exists()
    assert "Following this tag" in client.get("/tags/nbn/").content.decode()


def test_visitors_see_no_follow_button_and_cannot_follow(client, board):
    page = client.get(board.get_absolute_url()).content.decode()

    response = client.post(reverse("notifications:follow_board", args=[board.slug]))

    assert "Follow this board" not in page
    assert response.status_code == 302
    assert not BoardFollow.objects.exists()


def test_following_an_unknown_board_or_tag_is_404(client, customer):
    client.force_login(customer)

    assert client.post("/b/nope/follow/").status_code == 404
    assert client.post("/tags/nope/follow/").status_code == 404


def test_the_settings_page_lists_follows_with_unfollow_buttons(client, board, customer):
    BoardFollow.objects.create(user=customer, board=board)
    client.force_login(customer)

    body = client.get(SETTINGS).content.decode()

    assert escape(board.name) in body
    assert reverse("notifications:follow_board", args=[board.slug]) in body
