import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Post, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_boards_are_listed_for_anyone(api, board):
    response = api.get("/api/v1/boards/")

    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == board.slug


def test_threads_list_filters_like_the_board_page(api, question, answer, customer):
    services.accept_solution(question, post=answer, by=customer)
    services.create_thread(
        board=question.board, author=customer, title="Another question here", body="?!"
    )

    solved = api.get(
        "/api/v1/threads/", {"board": question.board.slug, "show": "solved"}
    )
    unanswered = api.get("/api/v1/threads/", {"show": "unanswered"})

    assert [t["id"] for t in solved.json()["results"]] == [question.pk]
    assert [t["title"] for t in unanswered.json()["results"]] == [
        "Another question here"
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [("show", "bogus"), ("sort", "<x>"), ("board", "no-such-board"), ("tag", "nope")],
)
def test_an_unknown_list_filter_is_a_400_naming_it(api, question, name, value):
    response = api.get("/api/v1/threads/", {name: value})

    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_thread_detail_has_question_solution_and_permissions(
    api_as, question, answer, expert
):
    services.accept_solution(question, post=answer, by=expert)

    data = api_as(expert).get(f"/api/v1/threads/{question.pk}/").json()

    assert data["question"]["body"].startswith("Every night")
    assert data["solution"]["id"] == answer.pk
    assert data["is_expert_verified"] is True
    assert data["can_unaccept"] is True
    assert data["can_reply"] is True


def test_hidden_threads_are_404_in_the_api(api, question):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    response = api.get(f"/api/v1/threads/{question.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    assert api.get("/api/v1/threads/").json()["count"] == 0


def test_creating_a_thread(api_as, board, customer):
    response = api_as(customer).post(
        "/api/v1/threads/",
        {
            "board": board.slug,
            "title": "Phone won't charge past 80%",
            "body": "Is it broken?",
            "tags": ["battery"],
        },
        format="json",
    )

    assert response.status_code == 201
    thread = Thread.objects.get()
    assert thread.author == customer
    assert response.json()["tags"] == ["battery"]


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Phone won't charge", "body": "Why?"},
        {"board": "nope", "title": "Phone won't charge", "body": "Why?"},
        {"board": "BOARD", "title": "", "body": "Why?"},
        {"board": "BOARD", "title": "Phone won't charge", "body": "Why?", "author": 1},
        {
            "board": "BOARD",
            "title": "Phone won't charge",
            "body": "Why?",
            "hidden": True,
        },
        {"board": "BOARD", "title": 12, "body": ["x"]},
        {"board": "BOARD", "title": "Phone won't charge", "body": "x" * 20_001},
        {"board": "BOARD", "title": "Phone won't charge", "body": "ok", "tags": "x"},
    ],
)
def test_bad_thread_bodies_get_400_and_nothing_is_stored(api_as, board, customer, body):
    body = {k: board.slug if v == "BOARD" else v for k, v in body.items()}

    response = api_as(customer).post("/api/v1/threads/", body, format="json")

    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert not Thread.objects.exists()


def test_deeply_nested_json_is_a_clear_400(api_as, customer):
    payload = "[" * 1000 + "]" * 1000

    response = api_as(customer).post(
        "/api/v1/threads/", payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        ('{"title": "a\\u0000b"}', "application/json"),
        ('{"title": "\\ud800"}', "application/json"),
        ("{not json", "application/json"),
        ("title=hello", "application/x-www-form-urlencoded"),
        ("<xml/>", "text/xml"),
    ],
)
def test_unreadable_bodies_are_4xx(api_as, customer, payload, content_type):
    response = api_as(customer).post(
        "/api/v1/threads/", payload, content_type=content_type
    )

    assert response.status_code in (400, 415)
    assert "detail" in response.json()


def test_a_body_that_is_not_an_object_is_400(api_as, customer):
    response = api_as(customer).post("/api/v1/threads/", [1, 2], format="json")

    assert response.status_code == 400


def test_visitors_cannot_write(api, board):
    response = api.post("/api/v1/threads/", {"board": board.slug}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_revoked_and_unknown_tokens_are_refused(api, customer, token_for):
    from django.utils import timezone

    from accounts.models import ApiToken

    secret = token_for(customer)
    ApiToken.objects.update(revoked_at=timezone.now())

    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token cs_made_up")
    assert api.get("/api/v1/me/").status_code == 401


def test_session_writes_need_a_csrf_token(customer, board):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer)

    response = client.post(
        "/api/v1/threads/",
        {"board": board.slug, "title": "Phone won't charge", "body": "Why?"},
        format="json",
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Thread.objects.exists()


def test_replying_and_listing_replies(api_as, question, other_customer):
    client = api_as(other_customer)

    created = client.post(
        f"/api/v1/threads/{question.pk}/posts/", {"body": "Try a reset."}, format="json"
    )
    listed = client.get(f"/api/v1/threads/{question.pk}/posts/")

    assert created.status_code == 201
    assert [p["body"] for p in listed.json()["results"]] == ["Try a reset."]


def test_editing_someone_elses_post_is_403(api_as, answer, customer):
    response = api_as(customer).patch(
        f"/api/v1/posts/{answer.pk}/", {"body": "Mine now"}, format="json"
    )

    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.body.startswith("Ask for a line test")


def test_owner_edits_the_thread(api_as, question, customer):
    response = api_as(customer).patch(
        f"/api/v1/threads/{question.pk}/",
        {"title": "NBN drops at 8pm sharp", "tags": ["nbn"]},
        format="json",
    )

    assert response.status_code == 200
    question.refresh_from_db()
    assert question.title == "NBN drops at 8pm sharp"


def test_kudos_and_me_too_and_follow_actions(api_as, question, answer, customer):
    client = api_as(customer)

    assert client.post(f"/api/v1/posts/{answer.pk}/kudos/").json() == {
        "changed": True,
        "count": 1,
    }
    assert client.post(f"/api/v1/posts/{answer.pk}/kudos/").json()["changed"] is False
    assert client.delete(f"/api/v1/posts/{answer.pk}/kudos/").status_code == 204
    assert client.post(f"/api/v1/threads/{question.pk}/follow/").json() == {
        "changed": False
    }
    assert client.post(f"/api/v1/threads/{question.pk}/me-too/").status_code == 403


def test_a_customer_cannot_accept_on_anothers_thread_through_the_api(
    api_as, question, answer
):
    response = api_as(UserFactory()).post(
        f"/api/v1/threads/{question.pk}/accept/", {"post": answer.pk}, format="json"
    )

    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_solved


def test_the_asker_accepts_and_unaccepts_through_the_api(
    api_as, question, answer, customer
):
    client = api_as(customer)

    accepted = client.post(
        f"/api/v1/threads/{question.pk}/accept/", {"post": answer.pk}, format="json"
    )
    unaccepted = client.post(f"/api/v1/threads/{question.pk}/unaccept/")

    assert accepted.json()["solution"]["id"] == answer.pk
    assert unaccepted.json()["solution"] is None


def test_accepting_a_post_of_another_thread_is_400(api_as, question, customer, board):
    other = services.create_thread(
        board=board, author=customer, title="Something else entirely", body="Hm?"
    )

    response = api_as(customer).post(
        f"/api/v1/threads/{question.pk}/accept/",
        {"post": other.first_post_id},
        format="json",
    )

    assert response.status_code == 400
    assert "another thread" in str(response.json())


def test_tags_are_listed_with_counts(api, question):
    response = api.get("/api/v1/tags/")

    assert {t["name"]: t["thread_count"] for t in response.json()["results"]} == {
        "nbn": 1,
        "dropouts": 1,
    }


def test_me_and_tokens(api_as, customer):
    client = api_as(customer)

    assert client.get("/api/v1/me/").json()["username"] == customer.username
    created = client.post("/api/v1/me/tokens/", {"name": "widget"}, format="json")
    assert created.status_code == 201 and created.json()["secret"].startswith("cs_")
    token_id = created.json()["id"]
    assert client.delete(f"/api/v1/me/tokens/{token_id}/").status_code == 204
    names = [t["name"] for t in client.get("/api/v1/me/tokens/").json()["results"]]
    assert names == ["tests"]


def test_writes_are_throttled_with_a_429(api_as, question, other_customer, monkeypatch):
    from forum.api.throttling import WriteThrottle

    monkeypatch.setattr(WriteThrottle, "THROTTLE_RATES", {"writes": "2/min"})
    client = api_as(other_customer)
    url = f"/api/v1/threads/{question.pk}/posts/"

    statuses = [
        client.post(url, {"body": f"Reply {n}"}, format="json").status_code
        for n in range(3)
    ]

    assert statuses == [201, 201, 429]
    assert Post.objects.filter(author=other_customer).count() == 2


@pytest.mark.parametrize(
    "url", ["/api/v1/threads/", "/api/v1/boards/", "/api/v1/tags/"]
)
def test_list_endpoints_query_count_does_not_grow(api, board, customer, url):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured)

    services.create_thread(
        board=board, author=customer, title="First question", body="?!", tags=["a"]
    )
    count()  # warm the process-wide caches (the rank ladder) first
    with_one = count()
    for n in range(19):
        services.create_thread(
            board=board,
            author=UserFactory(),
            title=f"Question {n:02d} here",
            body="?!",
            tags=[f"t{n}"],
        )

    assert count() == with_one


def test_replies_endpoint_query_count_does_not_grow(api, question):
    def count():
        with CaptureQueriesContext(connection) as captured:
            api.get(f"/api/v1/threads/{question.pk}/posts/")
        return len(captured)

    services.post_reply(question, author=UserFactory(), body="First")
    count()  # warm the process-wide caches (the rank ladder) first
    with_one = count()
    for n in range(19):
        services.post_reply(question, author=UserFactory(), body=f"Reply {n}")

    assert count() == with_one


def test_flood_control_answers_429_with_retry_after(
    api_as, question, other_customer, flood_limits
):
    client = api_as(other_customer)
    url = f"/api/v1/threads/{question.pk}/posts/"

    statuses = [
        client.post(url, {"body": f"Quick reply {n}"}, format="json").status_code
        for n in range(6)
    ]

    assert statuses == [201] * 5 + [429]
    refused = client.post(url, {"body": "One more"}, format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    assert Post.objects.filter(author=other_customer).count() == 5


def test_suspended_members_cannot_post_through_the_api(
    api_as, question, other_customer
):
    from datetime import timedelta

    from django.utils import timezone

    other_customer.suspended_until = timezone.now() + timedelta(days=1)
    other_customer.save(update_fields=["suspended_until"])

    response = api_as(other_customer).post(
        f"/api/v1/threads/{question.pk}/posts/", {"body": "Let me in"}, format="json"
    )

    assert response.status_code == 403
    assert not Post.objects.filter(author=other_customer).exists()
