"""The API does what its schema says: status codes, bodies and parameter types."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from forum.models import Kudos, MeToo, ThreadFollow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/?format=json").json()


def test_taking_back_kudos_me_too_and_a_follow_answers_204_with_no_body(
    api_as, question, answer, other_customer
):
    fan = UserFactory()
    client = api_as(fan)
    client.post(f"/api/v1/posts/{answer.pk}/kudos/")
    client.post(f"/api/v1/threads/{question.pk}/me-too/")
    client.post(f"/api/v1/threads/{question.pk}/follow/")

    responses = [
        client.delete(f"/api/v1/posts/{answer.pk}/kudos/"),
        client.delete(f"/api/v1/threads/{question.pk}/me-too/"),
        client.delete(f"/api/v1/threads/{question.pk}/follow/"),
    ]

    assert [(r.status_code, r.content) for r in responses] == [(204, b"")] * 3
    assert not Kudos.objects.filter(user=fan).exists()
    assert not MeToo.objects.filter(user=fan).exists()
    assert not ThreadFollow.objects.filter(user=fan).exists()
    answer.refresh_from_db()
    assert answer.kudos_count == 0


def test_taking_back_what_was_never_given_is_also_204(api_as, question, answer):
    client = api_as(UserFactory())

    assert client.delete(f"/api/v1/posts/{answer.pk}/kudos/").status_code == 204
    assert client.delete(f"/api/v1/threads/{question.pk}/me-too/").status_code == 204
    assert client.delete(f"/api/v1/threads/{question.pk}/follow/").status_code == 204


def test_the_schema_promises_204_with_no_body_for_those_deletes(schema):
    for path in (
        "/api/v1/posts/{id}/kudos/",
        "/api/v1/threads/{id}/me-too/",
        "/api/v1/threads/{id}/follow/",
    ):
        responses = schema["paths"][path]["delete"]["responses"]
        assert "204" in responses and "200" not in responses
        assert "content" not in responses["204"]


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": "null"},
        {"page_size": "0"},
        {"page_size": "-3"},
        {"page_size": "ten"},
        {"page_size": ""},
        {"page": "null"},
        {"page": "last"},
        {"page": "0"},
        {"page": "1.5"},
    ],
)
def test_malformed_paging_is_a_400_naming_the_parameter(api, question, query):
    response = api.get("/api/v1/threads/", query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == list(query)


def test_a_page_past_the_last_is_404_and_a_big_page_size_gives_the_maximum(
    api, question
):
    past = api.get("/api/v1/threads/", {"page": "2"})
    big = api.get("/api/v1/threads/", {"page_size": "1000000"})

    assert past.status_code == 404
    assert past.json() == {"detail": "No such page: there is 1.", "code": "not_found"}
    assert big.status_code == 200


def test_the_schema_says_page_numbers_and_sizes_start_at_1(schema):
    parameters = {
        p["name"]: p for p in schema["paths"]["/api/v1/threads/"]["get"]["parameters"]
    }

    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1}


@pytest.mark.parametrize("value", ["null", "", "yes", "1", "True"])
def test_search_refuses_a_solved_flag_that_is_not_true_or_false(api, value):
    response = api.get("/api/v1/search/", {"q": "modem", "solved": value})

    assert response.status_code == 400
    assert list(response.json()) == ["solved"]


def test_search_takes_true_and_false_for_solved(api):
    for value in ("true", "false"):
        assert (
            api.get("/api/v1/search/", {"q": "x", "solved": value}).status_code == 200
        )


def test_a_token_cannot_be_created_already_expired(api_as, customer):
    client = api_as(customer)
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    future = (timezone.now() + timedelta(days=30)).isoformat()

    expired = client.post(
        "/api/v1/me/tokens/", {"name": "old", "expires_at": past}, format="json"
    )
    valid = client.post(
        "/api/v1/me/tokens/", {"name": "new", "expires_at": future}, format="json"
    )

    assert expired.status_code == 400
    assert expired.json() == {"expires_at": ["The expiry date must be in the future."]}
    assert not ApiToken.objects.filter(name="old").exists()
    assert valid.status_code == 201


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/threads/", {"title": 12345678}, "title"),
        ("/api/v1/threads/", {"title": "A fine title", "tags": [5]}, "tags"),
        ("/api/v1/me/tokens/", {"name": 7}, "name"),
    ],
)
def test_numbers_are_not_taken_for_strings(api_as, board, customer, url, body, field):
    body = (
        {"board": board.slug, "body": "Details.", **body} if "title" in body else body
    )

    response = api_as(customer).post(url, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not ApiToken.objects.filter(name="7").exists()


def test_a_string_is_not_taken_for_a_number(api_as, question, answer, customer):
    response = api_as(customer).post(
        f"/api/v1/threads/{question.pk}/accept/",
        {"post": str(answer.pk)},
        format="json",
    )

    assert response.status_code == 400
    question.refresh_from_db()
    assert not question.is_solved


def test_patching_a_post_without_a_body_keeps_it(api_as, answer):
    response = api_as(answer.author).patch(
        f"/api/v1/posts/{answer.pk}/", {}, format="json"
    )

    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.body.startswith("Ask for a line test")
    assert answer.edited_at is None


def test_the_schema_says_request_bodies_take_no_unknown_fields_and_no_nul(schema):
    request = schema["components"]["schemas"]["ThreadCreateRequest"]

    assert request["additionalProperties"] is False
    assert request["properties"]["title"]["pattern"] == "^[^\\u0000]*$"
    assert request["properties"]["title"]["minLength"] == 8


@pytest.mark.parametrize("name", ["show", "sort"])
def test_an_empty_list_choice_is_refused_not_ignored(api, question, name):
    response = api.get("/api/v1/threads/", {name: ""})

    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_hiding_through_the_api_needs_a_reason_and_the_schema_says_so(
    api_as, answer, moderator, schema
):
    client = api_as(moderator)

    refused = client.post(f"/api/v1/posts/{answer.pk}/hide/", {}, format="json")
    hidden = client.post(
        f"/api/v1/posts/{answer.pk}/hide/", {"reason": "Spam"}, format="json"
    )

    assert refused.status_code == 400
    assert list(refused.json()) == ["reason"]
    assert hidden.status_code == 200
    answer.refresh_from_db()
    assert answer.is_hidden
    assert schema["components"]["schemas"]["HideRequest"]["required"] == ["reason"]


@pytest.mark.parametrize("name", ["start", "end", "period", "board"])
def test_an_empty_report_parameter_is_refused(api_as, manager, name):
    response = api_as(manager).get("/api/v1/reports/deflection/", {name: ""})

    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_the_report_answers_with_no_parameters(api_as, manager):
    assert api_as(manager).get("/api/v1/reports/deflection/").status_code == 200
