import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from forum import services
from forum.models import Thread
from tests.factories import ExpertCertificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_threads(board, count, **fields):
    author = UserFactory()
    threads = []
    for n in range(count):
        thread = services.create_thread(
            board=board,
            author=author,
            title=f"Question number {n} about modems",
            body="Details here.",
            tags=f"tag{n % 3}, modem",
        )
        threads.append(thread)
    if fields:
        Thread.objects.filter(pk__in=[t.pk for t in threads]).update(**fields)
    return threads


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def titles(response) -> list[str]:
    return [thread.title for thread in response.context["page"].object_list]


def test_board_lists_pinned_threads_first(client, board):
    first, second, third = make_threads(board, 3)
    Thread.objects.filter(pk=first.pk).update(is_pinned=True)

    response = client.get(board.get_absolute_url())

    assert titles(response)[0] == first.title


@pytest.mark.parametrize(
    ("show", "expected"),
    [("all", 3), ("unanswered", 2), ("unsolved", 2), ("solved", 1)],
)
def test_board_filters(client, board, customer, show, expected):
    threads = make_threads(board, 3)
    reply = services.post_reply(threads[0], author=customer, body="Answer.")
    services.accept_solution(threads[0], post=reply, by=threads[0].author)

    response = client.get(board.get_absolute_url(), {"show": show})

    assert len(titles(response)) == expected


def test_board_sorts_by_kudos(client, board, customer):
    threads = make_threads(board, 3)
    Thread.objects.filter(pk=threads[1].pk).update(kudos_count=9)

    response = client.get(board.get_absolute_url(), {"sort": "kudos"})

    assert titles(response)[0] == threads[1].title


def test_a_malformed_or_too_large_page_falls_back_to_the_nearest_page(client, board):
    make_threads(board, 2)

    response = client.get(board.get_absolute_url(), {"page": "abc"})

    assert response.status_code == 200
    assert len(titles(response)) == 2
    assert client.get(board.get_absolute_url(), {"page": "999"}).status_code == 200


@pytest.mark.parametrize("page", ["/b/{board}/", "/tags/modem/"])
def test_an_unknown_filter_or_sort_opens_the_default_list_and_says_so(
    client, board, page
):
    make_threads(board, 2)

    response = client.get(
        page.format(board=board.slug), {"show": "bogus", "sort": "<x>"}
    )

    assert response.status_code == 200
    assert len(titles(response)) == 2
    html = response.content.decode()
    assert "“bogus” is not a show option here" in html
    assert "“&lt;x&gt;” is not a sort option here" in html


def test_an_empty_filter_is_read_as_the_default_without_a_notice(client, board):
    make_threads(board, 2)

    response = client.get(board.get_absolute_url(), {"show": "", "sort": ""})

    assert response.status_code == 200
    assert len(titles(response)) == 2
    assert "option here" not in response.content.decode()


def test_the_tag_page_filters_and_sorts_like_the_board_page(client, board):
    threads = make_threads(board, 3)
    Thread.objects.filter(pk=threads[2].pk).update(kudos_count=5, reply_count=1)

    response = client.get("/tags/modem/", {"show": "unanswered", "sort": "kudos"})

    assert titles(response) == [threads[1].title, threads[0].title]


def test_hidden_threads_are_not_listed(client, board):
    visible, hidden = make_threads(board, 2)
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    response = client.get(board.get_absolute_url())

    assert titles(response) == [visible.title]


def test_unknown_board_is_404(client):
    assert client.get("/b/no-such-board/").status_code == 404


def test_tag_page_lists_threads_with_the_tag(client, board):
    make_threads(board, 3)

    response = client.get("/tags/tag1/")

    assert titles(response) == ["Question number 1 about modems"]
    assert client.get("/tags/nope/").status_code == 404


def test_home_shows_recently_solved_and_unanswered(client, board, customer):
    solved, waiting = make_threads(board, 2)
    reply = services.post_reply(solved, author=customer, body="Answer.")
    services.accept_solution(solved, post=reply, by=solved.author)

    response = client.get("/")

    assert [t.title for t in response.context["recently_solved"]] == [solved.title]
    assert [t.title for t in response.context["unanswered"]] == [waiting.title]


def test_ask_page_needs_sign_in(client):
    assert client.get("/ask/").status_code == 302


def test_asking_through_the_page(client, board, customer):
    client.force_login(customer)

    response = client.post(
        "/ask/",
        {
            "board": board.pk,
            "title": "Modem lights flash orange",
            "body": "What does it mean?",
            "tags": "modem",
            "post": "1",
        },
    )

    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()


def test_asking_with_bad_input_shows_errors_and_stores_nothing(client, customer):
    client.force_login(customer)

    response = client.post(
        "/ask/", {"board": "999", "title": "", "body": "", "tags": "a,b,c,d,e,f"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose one of the boards in the list." in body
    assert "Give your question a title." in body
    assert "Use at most 5 tags." in body
    assert not Thread.objects.exists()


def test_checking_for_similar_questions_posts_nothing(client, board, customer):
    client.force_login(customer)

    response = client.post(
        "/ask/", {"board": board.pk, "title": "Modem lights", "body": "", "check": "1"}
    )

    assert response.status_code == 200
    assert response.context["checked"] is True
    assert "Write a few words first." not in response.content.decode()
    assert not Thread.objects.exists()


def test_similar_threads_endpoint_answers_json(client):
    response = client.get("/ask/similar/", {"title": "modem lights"})

    assert response.status_code == 200
    assert "results" in response.json()


def test_profile_lists_activity_and_counts(client, question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)

    response = client.get(f"/u/{answer.author.username}/")

    body = response.content.decode()
    assert escape(question.title) in body
    assert response.context["activity"]["solutions"][0].pk == question.pk
    assert response.context["activity"]["replies"][0].pk == answer.pk


def test_profile_hides_hidden_activity_from_others(client, question, customer):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    response = client.get(f"/u/{customer.username}/")

    assert response.context["activity"]["threads"] == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_board_page_query_count_does_not_grow_with_threads(
    client, board, signed_in, uncached_pages
):
    if signed_in:
        client.force_login(UserFactory())
    make_threads(board, 1)
    queries_for(client, board.get_absolute_url())  # warm process-wide caches first
    with_one = queries_for(client, board.get_absolute_url())

    for n in range(19):
        author = UserFactory()
        ExpertCertificationFactory(user=author, board=board)
        services.create_thread(
            board=board, author=author, title=f"Another question {n}", body="Hm."
        )

    assert queries_for(client, board.get_absolute_url()) == with_one


def test_home_and_tag_and_profile_query_counts_do_not_grow(
    client, board, customer, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the rendering, not a cache hit
    make_threads(board, 1)
    urls = ["/", "/tags/modem/", f"/u/{customer.username}/"]
    [queries_for(client, url) for url in urls]  # warm process-wide caches first
    before = [queries_for(client, url) for url in urls]

    make_threads(board, 20)
    for thread in Thread.objects.all()[:10]:
        services.post_reply(thread, author=customer, body="Reply from Carla.")

    assert [queries_for(client, url) for url in urls] == before
