import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from forum.ideas.models import IdeaStatusChange, IdeaVote
from forum.notifications.models import Notification
from tests.factories import IdeaFactory
from tests.ideas.staff_support import idea_with_votes

pytestmark = [pytest.mark.django_db]


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_staff_change_a_status_through_the_api(manager):
    idea = idea_with_votes(2)

    response = _client(manager).post(
        f"/api/v1/ideas/{idea.pk}/status/",
        {"status": "planned", "response": "In the **next** release."},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["from_status"], body["to_status"]) == ("new", "planned")
    assert body["by"]["role"] == "Manager"
    assert "<strong>next</strong>" in body["response_html"]
    idea.refresh_from_db()
    assert idea.status == "planned"
    assert Notification.objects.filter(idea=idea).count() == 3


def test_a_customer_gets_a_403_in_json(customer):
    idea = IdeaFactory()

    response = _client(customer).post(
        f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned", "response": "x1"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not IdeaStatusChange.objects.exists()


def test_a_visitor_gets_a_401():
    idea = IdeaFactory()

    response = _client().post(
        f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned", "response": "x1"}
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "duplicate", "response": "x1"}, "status"),
        ({"status": "shipped", "response": "x1"}, "status"),
        ({"status": "planned"}, "response"),
        ({"status": "planned", "response": "  "}, "response"),
        ({"status": "planned", "response": "x1", "extra": 1}, "extra"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(manager, data, field):
    idea = IdeaFactory()

    response = _client(manager).post(f"/api/v1/ideas/{idea.pk}/status/", data)

    assert response.status_code == 400
    assert field in response.json()
    idea.refresh_from_db()
    assert idea.status == "new"


def test_the_same_status_again_is_a_400(manager):
    idea = IdeaFactory(status="planned")

    response = _client(manager).post(
        f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned", "response": "x1"}
    )

    assert response.status_code == 400
    assert "already" in str(response.json())


def test_a_hidden_or_missing_idea_is_a_404(manager):
    hidden = IdeaFactory(is_hidden=True)

    for pk in (hidden.pk, 999999):
        response = _client(manager).post(
            f"/api/v1/ideas/{pk}/status/", {"status": "planned", "response": "x1"}
        )
        assert response.status_code == 404


def test_staff_merge_through_the_api(manager):
    target = IdeaFactory()
    source = idea_with_votes(3)

    response = _client(manager).post(
        f"/api/v1/ideas/{source.pk}/merge/", {"into": target.pk, "response": "Same."}
    )

    assert response.status_code == 201
    assert response.json()["merged_into"] == target.pk
    assert response.json()["idea_vote_count"] == 0
    assert IdeaVote.objects.filter(idea=target).count() == 3


@pytest.mark.parametrize("into", ["self", 999999, "abc", None])
def test_a_bad_merge_target_is_a_400(manager, into):
    source = IdeaFactory()
    target = source.pk if into == "self" else into

    response = _client(manager).post(
        f"/api/v1/ideas/{source.pk}/merge/", {"into": target, "response": "Same."}
    )

    assert response.status_code == 400
    assert "into" in response.json()
    source.refresh_from_db()
    assert source.status == "new"


def test_a_customer_cannot_merge_through_the_api(customer):
    source, target = IdeaFactory(), IdeaFactory()

    response = _client(customer).post(
        f"/api/v1/ideas/{source.pk}/merge/", {"into": target.pk, "response": "Same."}
    )

    assert response.status_code == 403


def test_the_idea_report_in_the_api(manager):
    idea_with_votes(2, title="The one with votes")

    response = _client(manager).get("/api/v1/reports/ideas/", {"days": "3"})

    assert response.status_code == 200
    body = response.json()
    assert body["days"] == 3
    assert body["top"][0]["title"] == "The one with votes"
    assert body["statuses"]["new"] == 1
    assert body["trending"][0]["period_votes"] == 2


@pytest.mark.parametrize("params", [{"days": "0"}, {"days": ""}, {"period": "5"}])
def test_bad_report_filters_are_a_400(manager, params):
    response = _client(manager).get("/api/v1/reports/ideas/", params)

    assert response.status_code == 400


def test_the_idea_report_api_is_for_managers(customer, moderator):
    for user in (customer, moderator):
        assert _client(user).get("/api/v1/reports/ideas/").status_code == 403


def _report_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/reports/ideas/", {"days": "1"}).status_code == 200
    return len(captured)


def test_the_report_endpoint_query_count_does_not_grow(manager):
    client = _client(manager)
    idea_with_votes(1)
    _report_queries(client)
    one = _report_queries(client)
    for _ in range(19):
        idea_with_votes(1)

    assert _report_queries(client) == one


def test_the_staff_endpoints_are_in_the_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    assert "/api/v1/ideas/{idea_id}/status/" in schema["paths"]
    assert "/api/v1/ideas/{idea_id}/merge/" in schema["paths"]
    assert "/api/v1/reports/ideas/" in schema["paths"]
