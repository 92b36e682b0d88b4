import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Post, Thread
from forum.moderation import services as moderation
from forum.moderation.models import AuditEntry, Flag
from tests.factories import NewUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    cache.clear()  # counted from cold: a member's cached roles and unread count
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def moderation_posts(question, post, username):
    return [
        f"/moderation/posts/{post.pk}/approve/",
        f"/moderation/posts/{post.pk}/hide/",
        f"/moderation/posts/{post.pk}/restore/",
        f"/moderation/posts/{post.pk}/dismiss-flags/",
        f"/moderation/posts/{post.pk}/spam/",
        f"/moderation/threads/{question.pk}/lock/",
        f"/moderation/threads/{question.pk}/unlock/",
        f"/moderation/threads/{question.pk}/pin/",
        f"/moderation/threads/{question.pk}/unpin/",
        f"/moderation/threads/{question.pk}/feature/",
        f"/moderation/threads/{question.pk}/unfeature/",
        f"/moderation/threads/{question.pk}/move/",
        f"/moderation/threads/{question.pk}/merge/",
        f"/moderation/threads/{question.pk}/split/",
        f"/moderation/members/{username}/",
    ]


def snapshot():
    return (
        list(Thread.objects.values().order_by("pk")),
        list(Post.objects.values().order_by("pk")),
        list(Flag.objects.values().order_by("pk")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("who", ["customer", "manager", "expert", "other_board"])
def test_moderation_urls_give_non_moderators_403_and_change_nothing(
    client, request, who, question, pending_reply, other_board, board_moderator
):
    from tests.factories import ThreadFactory

    user = request.getfixturevalue(who) if who != "other_board" else board_moderator
    if who == "other_board":
        question = ThreadFactory(board=other_board)
        pending_reply = Post.objects.create(
            thread=question,
            author=NewUserFactory(),
            body="Waiting",
            body_html="<p>Waiting</p>",
            is_approved=False,
        )
    client.force_login(user)
    before = snapshot()
    data = {
        "reason": "x",
        "to": other_board.pk,
        "into": question.pk,
        "title": "A new title here",
        "posts": [pending_reply.pk],
        "action": "ban",
    }

    for url in moderation_posts(question, pending_reply, pending_reply.author.username):
        assert client.post(url, data).status_code == 403, url
    for url in moderation_posts(question, pending_reply, "nina")[-4:]:
        assert client.get(url).status_code == 403, url

    assert snapshot() == before


@pytest.mark.parametrize("url", ["/moderation/", "/moderation/log/"])
def test_moderator_pages_are_403_for_members_and_need_sign_in(client, customer, url):
    assert client.get(url).status_code == 302
    client.force_login(customer)
    assert client.get(url).status_code == 403


def test_the_unanswered_queue_is_403_for_members_without_certification(
    client, customer, expert
):
    client.force_login(customer)
    assert client.get("/moderation/unanswered/").status_code == 403
    client.force_login(expert)
    assert client.get("/moderation/unanswered/").status_code == 200


def test_the_response_times_page_is_for_moderators_and_managers(
    client, customer, manager, moderator
):
    client.force_login(customer)
    assert client.get("/moderation/response-times/").status_code == 403
    for user in (manager, moderator):
        client.force_login(user)
        assert client.get("/moderation/response-times/").status_code == 200


def test_moderation_actions_need_post(client, moderator, pending_reply):
    client.force_login(moderator)

    assert (
        client.get(f"/moderation/posts/{pending_reply.pk}/approve/").status_code == 405
    )


def test_a_moderator_approves_from_the_queue(client, moderator, pending_reply):
    client.force_login(moderator)
    body = client.get("/moderation/").content.decode()
    assert "Have you tried turning it off" in body
    assert "An early post from a new account" in body

    response = client.post(f"/moderation/posts/{pending_reply.pk}/approve/")

    assert response.status_code == 302
    assert response["Location"] == "/moderation/"
    pending_reply.refresh_from_db()
    assert pending_reply.is_approved
    assert "Nothing waiting" in client.get("/moderation/").content.decode()


def test_hiding_needs_a_reason_and_the_error_is_shown(client, moderator, answer):
    client.force_login(moderator)

    response = client.post(f"/moderation/posts/{answer.pk}/hide/", {}, follow=True)

    assert "Give a reason" in response.content.decode()
    answer.refresh_from_db()
    assert not answer.is_hidden


def test_hiding_from_the_thread_page_returns_to_it(client, moderator, answer):
    client.force_login(moderator)
    url = answer.thread.get_absolute_url()

    response = client.post(
        f"/moderation/posts/{answer.pk}/hide/", {"reason": "Rude", "next": url}
    )

    assert response["Location"] == url
    answer.refresh_from_db()
    assert answer.is_hidden


def test_an_unsafe_next_address_is_ignored(client, moderator, answer):
    client.force_login(moderator)

    response = client.post(
        f"/moderation/posts/{answer.pk}/hide/",
        {"reason": "Rude", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/moderation/"


def test_the_queue_lists_the_oldest_first_and_filters(
    client, moderator, question, pending_reply, customer
):
    moderation.flag_post(question.first_post, by=UserFactory(), reason="spam")
    client.force_login(moderator)

    everything = client.get("/moderation/").context["items"]
    approvals = client.get("/moderation/?show=approvals").context["items"]
    flags = client.get("/moderation/?show=flags").context["items"]

    assert everything == [pending_reply, question.first_post]
    assert approvals == [pending_reply]
    assert flags == [question.first_post]


def test_board_moderators_see_only_their_boards_in_the_queue(
    client, board_moderator, pending_reply, other_board
):
    from tests.factories import ThreadFactory

    elsewhere = ThreadFactory(board=other_board)
    Post.objects.filter(pk=elsewhere.first_post_id).update(is_approved=False)
    client.force_login(board_moderator)

    assert client.get("/moderation/").context["items"] == [pending_reply]


def test_the_header_shows_moderators_how_much_is_waiting(
    client, moderator, customer, pending_reply
):
    client.force_login(moderator)
    body = client.get("/").content.decode()
    assert 'aria-label="Moderation: 1 waiting"' in body

    client.force_login(customer)
    assert "/moderation/" not in client.get("/").content.decode()


def test_the_moderate_panel_shows_only_to_the_boards_moderators(
    client, question, moderator, board_moderator, customer, other_board
):
    from tests.factories import ThreadFactory

    panel = "Moderate</h2>"
    for user, shown in ((moderator, True), (board_moderator, True), (customer, False)):
        client.force_login(user)
        assert (
            panel in client.get(question.get_absolute_url()).content.decode()
        ) is shown
    elsewhere = ThreadFactory(board=other_board)
    client.force_login(board_moderator)
    assert panel not in client.get(elsewhere.get_absolute_url()).content.decode()


def test_lock_through_the_panel(client, question, moderator):
    client.force_login(moderator)

    response = client.post(f"/moderation/threads/{question.pk}/lock/", follow=True)

    assert "Locked: no new replies." in response.content.decode()
    question.refresh_from_db()
    assert question.is_locked


def test_moving_into_a_missing_board_through_the_page_is_a_form_error(
    client, question, moderator
):
    client.force_login(moderator)

    response = client.post(f"/moderation/threads/{question.pk}/move/", {"to": 999})

    assert response.status_code == 400
    assert "Choose one of the boards in the list." in response.content.decode()


def test_merging_through_the_page_accepts_an_address(client, board, moderator):
    keep = services.create_thread(
        board=board, author=UserFactory(), title="The thread to keep", body="Question A"
    )
    drop = services.create_thread(
        board=board, author=UserFactory(), title="The duplicate one", body="Question B"
    )
    client.force_login(moderator)

    response = client.post(
        f"/moderation/threads/{drop.pk}/merge/",
        {"into": f"https://community.example.com{keep.get_absolute_url()}"},
    )

    assert response["Location"] == keep.get_absolute_url()
    assert client.get(drop.get_absolute_url())["Location"] == keep.get_absolute_url()


def test_merging_into_itself_or_nowhere_through_the_page_is_a_form_error(
    client, question, moderator
):
    client.force_login(moderator)
    url = f"/moderation/threads/{question.pk}/merge/"

    assert "itself" in client.post(url, {"into": question.pk}).content.decode()
    assert "exist (any more)" in client.post(url, {"into": "99999"}).content.decode()
    assert "number or address" in client.post(url, {"into": "abc"}).content.decode()
    assert Thread.objects.filter(pk=question.pk).exists()


def test_splitting_zero_posts_through_the_page_is_a_form_error(
    client, question, answer, moderator
):
    client.force_login(moderator)
    url = f"/moderation/threads/{question.pk}/split/"
    assert answer.body[:20] in client.get(url).content.decode()

    response = client.post(url, {"title": "Something else entirely"})

    assert response.status_code == 400
    assert "Choose at least one reply" in response.content.decode()
    assert Thread.objects.count() == 1


def test_splitting_through_the_page_opens_the_new_thread(
    client, question, answer, moderator
):
    client.force_login(moderator)

    response = client.post(
        f"/moderation/threads/{question.pk}/split/",
        {"title": "Line tests explained", "posts": [answer.pk]},
    )

    new = Thread.objects.exclude(pk=question.pk).get()
    assert response["Location"] == new.get_absolute_url()


def test_revisions_are_viewable_by_moderators_only(client, answer, moderator):
    services.edit_post(answer, by=answer.author, body="Second version.")
    url = f"/moderation/posts/{answer.pk}/revisions/"

    client.force_login(answer.author)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    body = client.get(url).content.decode()
    assert "Second version." in body
    assert "Ask for a line test and mention the times." in body
    assert (
        f'href="{url}"' in client.get(answer.thread.get_absolute_url()).content.decode()
    )


def test_the_audit_log_lists_and_filters_entries(client, question, answer, moderator):
    other = UserFactory(role="moderator", username="otto")
    moderation.lock_thread(question, by=moderator, reason="Heated")
    moderation.hide_post(answer, by=other, reason="Rude")
    client.force_login(moderator)

    everything = client.get("/moderation/log/").context["entries"]
    by_otto = client.get(f"/moderation/log/?actor={other.pk}").context["entries"]
    locks = client.get("/moderation/log/?action=lock_thread").context["entries"]
    future = client.get("/moderation/log/?since=2999-01-01").context["entries"]

    assert len(everything) == 2
    assert [e.action for e in by_otto] == ["hide_post"]
    assert [e.reason for e in locks] == ["Heated"]
    assert future == []


def test_board_moderators_read_only_their_boards_audit_entries(
    client, question, board_moderator, moderator, other_board
):
    from tests.factories import ThreadFactory

    moderation.lock_thread(question, by=moderator)
    moderation.lock_thread(ThreadFactory(board=other_board), by=moderator)
    client.force_login(board_moderator)

    entries = client.get("/moderation/log/").context["entries"]

    assert [e.target_id for e in entries] == [question.pk]


def make_pending(board, count):
    for n in range(count):
        services.create_thread(
            board=board, author=NewUserFactory(), title=f"New question {n}", body="Hi"
        )


def test_the_queue_query_count_does_not_grow_with_items(client, board, moderator):
    client.force_login(moderator)
    make_pending(board, 1)
    with_one = queries_for(client, "/moderation/")

    make_pending(board, 14)
    for n in range(5):
        thread = services.create_thread(
            board=board, author=UserFactory(), title=f"Flagged {n} here", body="Hm."
        )
        for _ in range(2):
            Flag.objects.create(
                post=thread.first_post, user=UserFactory(), reason="spam"
            )

    assert len(client.get("/moderation/").context["items"]) == 20
    assert queries_for(client, "/moderation/") == with_one


def test_the_audit_log_query_count_does_not_grow_with_entries(client, board, moderator):
    client.force_login(moderator)
    threads = [
        services.create_thread(
            board=board,
            author=UserFactory(),
            title=f"Thread number {n}",
            body="Details.",
        )
        for n in range(20)
    ]
    moderation.lock_thread(threads[0], by=moderator)
    with_one = queries_for(client, "/moderation/log/")

    for thread in threads[1:]:
        moderation.lock_thread(thread, by=UserFactory(role="moderator"))

    assert queries_for(client, "/moderation/log/") == with_one


def test_the_unanswered_query_count_does_not_grow_with_threads(
    client, board, moderator
):
    client.force_login(moderator)
    services.create_thread(
        board=board, author=UserFactory(), title="Thread one", body="Details."
    )
    with_one = queries_for(client, "/moderation/unanswered/")

    for n in range(19):
        services.create_thread(
            board=board,
            author=UserFactory(),
            title=f"Thread number {n}",
            body="Details.",
        )

    assert queries_for(client, "/moderation/unanswered/") == with_one
