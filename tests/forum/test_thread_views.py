import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from forum import limits, services
from forum.models import Kudos, Post, Thread
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_thread_page_shows_question_replies_and_reply_form(client, question, answer):
    client.force_login(answer.author)

    response = client.get(question.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert escape(question.title) in body
    assert "Ask for a line test" in body
    assert f'action="/t/{question.pk}/reply/"' in body


def test_a_wrong_slug_redirects_to_the_canonical_url(client, question):
    response = client.get(f"/t/{question.pk}-old-title/?page=1")

    assert response.status_code == 301
    assert response["Location"] == question.get_absolute_url() + "?page=1"


def test_hidden_threads_are_404_for_members_and_visible_to_moderators(
    client, question, other_customer, moderator
):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(other_customer)
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(question.get_absolute_url()).status_code == 200


def test_unknown_threads_and_posts_are_404(client):
    assert client.get("/t/999-nothing/").status_code == 404
    assert client.get("/p/999/").status_code == 404


def test_hidden_replies_are_absent_for_members(client, question, answer):
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)

    body = client.get(question.get_absolute_url()).content.decode()

    assert "Ask for a line test" not in body
    assert client.get(f"/p/{answer.pk}/").status_code == 404


def test_viewing_counts_a_view(client, question):
    client.get(question.get_absolute_url())

    question.refresh_from_db()
    assert question.view_count == 1


def test_post_permalink_lands_on_the_right_page(client, question):
    helper = UserFactory()
    replies = [
        services.post_reply(question, author=helper, body=f"Idea number {n}")
        for n in range(limits.POSTS_PER_PAGE + 1)
    ]

    response = client.get(f"/p/{replies[-1].pk}/")

    assert response["Location"] == (
        f"{question.get_absolute_url()}?page=2#p{replies[-1].pk}"
    )
    assert client.get(f"/p/{replies[0].pk}/")["Location"].endswith(
        f"/#p{replies[0].pk}"
    )


def test_accept_button_shows_only_to_those_allowed(
    client, question, answer, customer, expert
):
    accept = f'action="/t/{question.pk}/accept/"'
    bystander = UserFactory()

    client.force_login(bystander)
    assert accept not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(customer)
    assert accept in client.get(question.get_absolute_url()).content.decode()
    client.force_login(expert)
    assert accept in client.get(question.get_absolute_url()).content.decode()


def test_a_forged_accept_by_a_bystander_gets_403(client, question, answer):
    client.force_login(UserFactory())

    response = client.post(f"/t/{question.pk}/accept/", {"post": answer.pk})

    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_solved


def test_asker_accepts_through_the_page(client, question, answer, customer):
    client.force_login(customer)

    response = client.post(f"/t/{question.pk}/accept/", {"post": answer.pk})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.solution_post == answer
    body = client.get(question.get_absolute_url()).content.decode()
    assert "Accepted solution" in body
    assert "Expert verified" not in body


def test_expert_acceptance_shows_expert_verified(client, question, answer, expert):
    client.force_login(expert)
    client.post(f"/t/{question.pk}/accept/", {"post": answer.pk})

    body = client.get(question.get_absolute_url()).content.decode()

    assert "Expert verified" in body
    assert "NBN expert" in body or "a certified expert" in body


def test_accepting_a_post_from_another_thread_shows_an_error(
    client, question, customer, board
):
    stranger = ThreadFactory(board=board).first_post
    client.force_login(customer)

    response = client.post(
        f"/t/{question.pk}/accept/", {"post": stranger.pk}, follow=True
    )

    assert "belongs to another thread" in response.content.decode()
    question.refresh_from_db()
    assert not question.is_solved


def test_a_refused_accept_answers_the_script_in_the_api_error_shape(
    client, question, customer, board
):
    stranger = ThreadFactory(board=board).first_post
    client.force_login(customer)

    response = client.post(
        f"/t/{question.pk}/accept/",
        {"post": stranger.pk},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "belongs to another thread" in response.json()["detail"]


def test_accept_with_a_missing_post_id_is_404(client, question, customer):
    client.force_login(customer)

    assert client.post(f"/t/{question.pk}/accept/", {"post": "abc"}).status_code == 404


def test_actions_need_post(client, question, answer, customer):
    client.force_login(customer)

    assert client.get(f"/p/{answer.pk}/kudos/").status_code == 405
    assert client.get(f"/t/{question.pk}/accept/").status_code == 405


def test_visitors_are_sent_to_sign_in_for_actions(client, answer):
    response = client.post(f"/p/{answer.pk}/kudos/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Kudos.objects.exists()


def test_kudos_answers_json_for_the_script(client, answer, customer):
    client.force_login(customer)

    response = client.post(
        f"/p/{answer.pk}/kudos/", {"action": "give"}, HTTP_ACCEPT="application/json"
    )

    assert response.json()["kudos_count"] == 1
    assert response.json()["given"] is True


def test_kudos_on_your_own_post_is_403(client, answer):
    client.force_login(answer.author)

    assert client.post(f"/p/{answer.pk}/kudos/").status_code == 403


def test_reply_through_the_page(client, question, other_customer):
    client.force_login(other_customer)

    response = client.post(f"/t/{question.pk}/reply/", {"body": "Works for me now."})

    post = Post.objects.get(body="Works for me now.")
    assert response["Location"] == f"/p/{post.pk}/"


def test_an_empty_reply_shows_the_form_again_with_an_error(
    client, question, other_customer
):
    client.force_login(other_customer)

    response = client.post(f"/t/{question.pk}/reply/", {"body": "   "})

    assert response.status_code == 200
    assert "Write a few words first." in response.content.decode()
    assert question.posts.count() == 1


def test_replying_to_a_locked_thread_is_403(client, question, other_customer):
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    client.force_login(other_customer)

    assert client.post(f"/t/{question.pk}/reply/", {"body": "Hi"}).status_code == 403


def test_edit_page_for_the_author_and_403_for_others(client, question, customer):
    url = f"/p/{question.first_post_id}/edit/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403

    client.force_login(customer)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "NBN drops out at 8pm", "body": "Still.", "tags": "nbn"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "NBN drops out at 8pm"


def test_me_too_and_follow_buttons_work(client, question, other_customer):
    client.force_login(other_customer)

    client.post(f"/t/{question.pk}/me-too/", {"action": "add"})
    client.post(f"/t/{question.pk}/follow/", {"action": "unfollow"})

    question.refresh_from_db()
    assert question.me_too_count == 1
    assert (
        "I have this question too"
        not in client.get(question.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_thread_page_query_count_does_not_grow_with_replies(
    client, question, viewer, django_assert_num_queries
):
    if viewer == "member":
        client.force_login(UserFactory())

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # every count from cold, the worst case
        with CaptureQueriesContext(connection) as captured:
            client.get(question.get_absolute_url())
        return len(captured)

    services.post_reply(question, author=UserFactory(), body="One reply")
    with_one = count_queries()
    for n in range(limits.POSTS_PER_PAGE):
        services.post_reply(question, author=UserFactory(), body=f"Reply {n}")

    assert count_queries() == with_one
