import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from forum.ideas import services
from forum.ideas.models import Idea, IdeaComment, IdeaStatus
from tests.factories import UserFactory
from tests.ideas.conftest import post_ideas, vote_by_many

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_idea_boards_are_listed_with_counts(api, idea, other_customer):
    services.vote_for_idea(idea, by=other_customer)

    response = api.get(f"{API}/idea-boards/")

    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["slug"] == "app-and-account"
    assert (row["idea_count"], row["vote_total"]) == (1, 1)


def test_ideas_are_listed_with_filters_and_sorts(api, idea_board):
    first, second = post_ideas(idea_board, 2)
    vote_by_many(first, 2)
    Idea.objects.filter(pk=second.pk).update(status=IdeaStatus.PLANNED)

    by_votes = api.get(f"{API}/ideas/", {"board": idea_board.slug})
    newest = api.get(f"{API}/ideas/", {"sort": "newest"})
    planned = api.get(f"{API}/ideas/", {"status": "planned"})
    tagged = api.get(f"{API}/ideas/", {"tag": "tag1"})

    assert [i["id"] for i in by_votes.json()["results"]] == [first.pk, second.pk]
    assert [i["id"] for i in newest.json()["results"]] == [second.pk, first.pk]
    assert [i["id"] for i in planned.json()["results"]] == [second.pk]
    assert [i["id"] for i in tagged.json()["results"]] == [second.pk]


def test_a_bad_sort_or_status_is_a_400_naming_it(api, db):
    response = api.get(f"{API}/ideas/", {"sort": "random", "status": "x"})

    assert response.status_code == 400
    assert "sort" in response.json() or "status" in response.json()


def test_an_unknown_board_filter_is_404(api, db):
    assert api.get(f"{API}/ideas/", {"board": "nope"}).status_code == 404


def test_idea_detail_says_what_the_member_may_do(idea, other_customer):
    services.vote_for_idea(idea, by=other_customer)

    data = signed_in(other_customer).get(f"{API}/ideas/{idea.pk}/").json()

    assert data["has_voted"] is True
    assert data["can_vote"] is True
    assert data["can_edit"] is False
    assert data["vote_count"] == 1
    assert data["tags"] == ["app", "data"]


def test_the_author_may_edit_but_not_vote(idea, customer):
    data = signed_in(customer).get(f"{API}/ideas/{idea.pk}/").json()

    assert (data["can_vote"], data["can_edit"]) == (False, True)


def test_a_hidden_idea_is_404(api, idea):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)

    assert api.get(f"{API}/ideas/{idea.pk}/").status_code == 404


def test_posting_an_idea(idea_board, customer):
    response = signed_in(customer).post(
        f"{API}/ideas/",
        {
            "board": idea_board.slug,
            "title": "Let me choose my bill date",
            "body": "Payday is the 15th.",
            "tags": ["billing"],
        },
        format="json",
    )

    assert response.status_code == 201
    idea = Idea.objects.get(pk=response.json()["id"])
    assert idea.author == customer
    assert response.json()["tags"] == ["billing"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"board": "app-and-account", "title": "Tiny", "body": "x y"}, "title"),
        ({"board": "nope", "title": "A long enough title", "body": "x y"}, "board"),
        ({"board": "app-and-account", "title": 5, "body": "x y"}, "title"),
        (
            {
                "board": "app-and-account",
                "title": "Long enough",
                "body": "x",
                "vote_count": 9,
            },
            "vote_count",
        ),
    ],
)
def test_bad_input_is_a_400_and_stores_nothing(idea_board, customer, body, field):
    response = signed_in(customer).post(f"{API}/ideas/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Idea.objects.exists()


def test_visitors_get_401_when_posting(api, idea_board):
    response = api.post(
        f"{API}/ideas/",
        {"board": idea_board.slug, "title": "Long enough title", "body": "x y"},
        format="json",
    )

    assert response.status_code == 401


def test_the_author_updates_their_idea(idea, customer):
    response = signed_in(customer).patch(
        f"{API}/ideas/{idea.pk}/", {"title": "Daily usage chart please"}, format="json"
    )

    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.title == "Daily usage chart please"
    assert idea.body == "A daily chart would stop bill shock."


def test_someone_else_cannot_update_an_idea(idea, other_customer):
    response = signed_in(other_customer).patch(
        f"{API}/ideas/{idea.pk}/", {"title": "Daily usage chart please"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"]


def test_voting_and_withdrawing(idea, other_customer):
    client = signed_in(other_customer)

    voted = client.post(f"{API}/ideas/{idea.pk}/vote/")
    withdrawn = client.delete(f"{API}/ideas/{idea.pk}/vote/")

    assert voted.json() == {"voted": True, "vote_count": 1}
    assert withdrawn.json() == {"voted": False, "vote_count": 0}


def test_voting_for_ones_own_idea_is_a_403_with_the_reason(idea, customer):
    response = signed_in(customer).post(f"{API}/ideas/{idea.pk}/vote/")

    assert response.status_code == 403
    assert "your own idea" in response.json()["detail"]


def test_comments_are_listed_and_posted(idea, other_customer):
    client = signed_in(other_customer)

    posted = client.post(
        f"{API}/ideas/{idea.pk}/comments/", {"body": "Me too"}, format="json"
    )
    listed = client.get(f"{API}/ideas/{idea.pk}/comments/")

    assert posted.status_code == 201
    assert [c["body"] for c in listed.json()["results"]] == ["Me too"]
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_an_empty_comment_is_a_400(idea, other_customer):
    response = signed_in(other_customer).post(
        f"{API}/ideas/{idea.pk}/comments/", {"body": " "}, format="json"
    )

    assert response.status_code == 400
    assert not IdeaComment.objects.exists()


def test_a_locked_idea_refuses_comments_with_403(idea, other_customer):
    Idea.objects.filter(pk=idea.pk).update(is_locked=True)

    response = signed_in(other_customer).post(
        f"{API}/ideas/{idea.pk}/comments/", {"body": "Me too"}, format="json"
    )

    assert response.status_code == 403
    assert "locked" in response.json()["detail"]


def test_the_schema_describes_the_idea_endpoints(api, db):
    response = api.get(f"{API}/schema/", HTTP_ACCEPT="application/json")

    paths = response.json()["paths"] if "json" in response["Content-Type"] else None
    text = response.content.decode()
    assert "/api/v1/ideas/{idea_id}/vote/" in (paths or text)
    assert "/api/v1/idea-boards/" in (paths or text)


def test_idea_list_query_count_does_not_grow_with_ideas(idea_board):
    client = signed_in(UserFactory())
    url = f"{API}/ideas/?sort=trending"
    vote_by_many(post_ideas(idea_board, 1)[0], 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for idea in post_ideas(idea_board, 19):
        vote_by_many(idea, 1)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(url)

    assert len(response.json()["results"]) == 20
    assert len(twenty) == len(one)
