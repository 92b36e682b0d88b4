import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.ideas import services
from forum.ideas.models import Idea, IdeaComment, IdeaStatus, IdeaVote
from tests.factories import IdeaBoardFactory, UserFactory
from tests.ideas.conftest import post_ideas, vote_by_many

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    # The first request of a test warms per-process caches (site settings).
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured)


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["page"].object_list]


# --- wiring -------------------------------------------------------------------


def test_home_lists_boards_top_ideas_and_the_roadmap_link(client, idea):
    response = client.get(reverse("ideas:home"))

    assert response.status_code == 200
    assert idea.board.name in response.text
    assert idea.title in response.text
    assert reverse("ideas:roadmap") in response.text


def test_the_header_links_to_ideas(client, idea_board):
    response = client.get(reverse("ideas:home"))

    assert f'href="{reverse("ideas:home")}">Ideas</a>' in response.text


def test_board_sorts_by_votes_by_default(client, idea_board):
    low, high = post_ideas(idea_board, 2)
    vote_by_many(high, 2)

    response = client.get(idea_board.get_absolute_url())

    assert titles(response) == [high.title, low.title]


def test_board_sorts_by_newest(client, idea_board):
    old, new = post_ideas(idea_board, 2)
    vote_by_many(old, 2)

    response = client.get(idea_board.get_absolute_url(), {"sort": "newest"})

    assert titles(response) == [new.title, old.title]


def test_trending_counts_recent_votes_before_all_votes(client, idea_board):
    old_favourite, rising = post_ideas(idea_board, 2)
    vote_by_many(old_favourite, 3)
    IdeaVote.objects.filter(idea=old_favourite).update(
        created_at=timezone.now() - timezone.timedelta(days=30)
    )
    vote_by_many(rising, 1)

    response = client.get(idea_board.get_absolute_url(), {"sort": "trending"})

    assert titles(response) == [rising.title, old_favourite.title]


def test_board_filters_by_status_and_tag(client, idea_board):
    first, second, third = post_ideas(idea_board, 3)
    Idea.objects.filter(pk=first.pk).update(status=IdeaStatus.PLANNED)

    planned = client.get(idea_board.get_absolute_url(), {"status": "planned"})
    tagged = client.get(idea_board.get_absolute_url(), {"tag": "tag1"})

    assert titles(planned) == [first.title]
    assert titles(tagged) == [second.title]


def test_board_leaves_out_merged_duplicates_unless_asked(client, idea_board):
    kept, merged = post_ideas(idea_board, 2)
    Idea.objects.filter(pk=merged.pk).update(status=IdeaStatus.DUPLICATE)

    listed = client.get(idea_board.get_absolute_url())
    duplicates = client.get(idea_board.get_absolute_url(), {"status": "duplicate"})

    assert titles(listed) == [kept.title]
    assert titles(duplicates) == [merged.title]


def test_unknown_sort_and_status_fall_back_to_the_defaults(client, idea):
    response = client.get(
        idea.board.get_absolute_url(), {"sort": "<x>", "status": "nope", "page": "z"}
    )

    assert response.status_code == 200
    assert titles(response) == [idea.title]


def test_unknown_board_is_404(client, db):
    assert client.get("/ideas/b/no-such-board/").status_code == 404


def test_idea_page_shows_the_idea_comments_and_vote_button(
    client, idea, other_customer
):
    services.post_idea_comment(idea, by=other_customer, body="Count me in")
    client.force_login(UserFactory())

    response = client.get(idea.get_absolute_url())

    assert response.status_code == 200
    assert "A daily chart would stop bill shock." in response.text
    assert "Count me in" in response.text
    assert "Vote for this idea" in response.text
    assert 'property="og:title" content="Show data usage per day in the app"' in (
        response.text
    )


def test_idea_page_says_you_voted(client, idea, other_customer):
    services.vote_for_idea(idea, by=other_customer)
    client.force_login(other_customer)

    response = client.get(idea.get_absolute_url())

    assert "You voted" in response.text
    assert 'name="action" value="withdraw"' in response.text


def test_the_author_sees_no_vote_button(client, idea, customer):
    client.force_login(customer)

    response = client.get(idea.get_absolute_url())

    assert "Vote for this idea" not in response.text
    assert reverse("ideas:edit", args=[idea.pk]) in response.text


def test_a_wrong_slug_redirects_to_the_idea(client, idea):
    response = client.get(reverse("ideas:idea", args=[idea.pk, "old-title"]))

    assert response.status_code == 301
    assert response["Location"] == idea.get_absolute_url()


def test_a_merged_idea_points_to_its_target_without_a_vote_button(
    client, idea_board, other_customer
):
    target, merged = post_ideas(idea_board, 2)
    Idea.objects.filter(pk=merged.pk).update(
        status=IdeaStatus.DUPLICATE, merged_into=target
    )
    client.force_login(other_customer)

    response = client.get(merged.get_absolute_url())

    assert "Merged into" in response.text
    assert target.get_absolute_url() in response.text
    assert "Vote for this idea" not in response.text


def test_a_hidden_idea_is_404_except_for_moderators(client, idea, moderator):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)

    assert client.get(idea.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(idea.get_absolute_url()).status_code == 200


def test_posting_an_idea_through_the_form(client, idea_board, customer):
    client.force_login(customer)

    response = client.post(
        reverse("ideas:new", args=[idea_board.slug]),
        {
            "title": "Let me choose my bill date",
            "body": "Payday is the 15th.",
            "tags": "billing",
        },
    )

    idea = Idea.objects.get(title="Let me choose my bill date")
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()


def test_the_idea_form_shows_errors_and_stores_nothing(client, idea_board, customer):
    client.force_login(customer)

    response = client.post(
        reverse("ideas:new", args=[idea_board.slug]), {"title": "Tiny", "body": ""}
    )

    assert response.status_code == 200
    assert "Give your idea a title of at least" in response.text
    assert not Idea.objects.exists()


def test_visitors_are_sent_to_sign_in_to_post(client, idea_board):
    response = client.get(reverse("ideas:new", args=[idea_board.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_archived_board_offers_no_form(client, customer):
    board = IdeaBoardFactory(archived_at=timezone.now())
    client.force_login(customer)

    assert client.get(reverse("ideas:new", args=[board.slug])).status_code == 403


def test_editing_an_idea_through_the_form(client, idea, customer):
    client.force_login(customer)

    response = client.post(
        reverse("ideas:edit", args=[idea.pk]),
        {"title": "Show data usage per hour", "body": "Hourly please.", "tags": ""},
    )

    idea.refresh_from_db()
    assert response.status_code == 302
    assert idea.title == "Show data usage per hour"


def test_someone_else_cannot_open_the_edit_form(client, idea, other_customer):
    client.force_login(other_customer)

    assert client.get(reverse("ideas:edit", args=[idea.pk])).status_code == 403


def test_voting_and_withdrawing_through_the_page(client, idea, other_customer):
    client.force_login(other_customer)
    url = reverse("ideas:vote", args=[idea.pk])

    client.post(url)
    idea.refresh_from_db()
    assert idea.vote_count == 1
    response = client.post(url, {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert response["Location"] == idea.get_absolute_url()


def test_voting_answers_json_to_the_pages_script(client, idea, other_customer):
    client.force_login(other_customer)

    response = client.post(
        reverse("ideas:vote", args=[idea.pk]), HTTP_ACCEPT="application/json"
    )

    assert response.json()["vote_count"] == 1
    assert response.json()["voted"] is True


def test_voting_for_ones_own_idea_is_forbidden(client, idea, customer):
    client.force_login(customer)

    response = client.post(reverse("ideas:vote", args=[idea.pk]))

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.vote_count == 0


def test_voting_needs_a_post(client, idea, other_customer):
    client.force_login(other_customer)

    assert client.get(reverse("ideas:vote", args=[idea.pk])).status_code == 405


def test_commenting_through_the_page(client, idea, other_customer):
    client.force_login(other_customer)

    response = client.post(
        reverse("ideas:comment", args=[idea.pk]), {"body": "I'd use it daily"}
    )

    comment = IdeaComment.objects.get()
    assert response["Location"] == f"{idea.get_absolute_url()}#comment-{comment.pk}"


def test_an_empty_comment_shows_the_form_again(client, idea, other_customer):
    client.force_login(other_customer)

    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"body": ""})

    assert response.status_code == 400
    assert "Write a few words first." in response.text
    assert not IdeaComment.objects.exists()


def test_following_through_the_page(client, idea, other_customer):
    client.force_login(other_customer)
    url = reverse("ideas:follow", args=[idea.pk])

    client.post(url)
    assert idea.follows.filter(user=other_customer).exists()
    client.post(url, {"action": "unfollow"})
    assert not idea.follows.filter(user=other_customer).exists()


def test_roadmap_groups_ideas_by_status_and_leaves_out_closed_ones(client, idea_board):
    planned, building, refused, fresh = post_ideas(idea_board, 4)
    Idea.objects.filter(pk=planned.pk).update(status=IdeaStatus.PLANNED)
    Idea.objects.filter(pk=building.pk).update(status=IdeaStatus.IN_PROGRESS)
    Idea.objects.filter(pk=refused.pk).update(status=IdeaStatus.NOT_PLANNED)

    response = client.get(reverse("ideas:roadmap"))

    columns = {status: ideas for status, _, ideas in response.context["columns"]}
    assert columns["planned"] == [planned]
    assert columns["in_progress"] == [building]
    assert refused.title not in response.text
    assert fresh.title not in response.text


def test_roadmap_shows_only_recent_deliveries(client, idea_board):
    recent, old = post_ideas(idea_board, 2, status=IdeaStatus.DELIVERED)
    Idea.objects.filter(pk=recent.pk).update(status_changed_at=timezone.now())
    Idea.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - timezone.timedelta(days=400)
    )

    response = client.get(reverse("ideas:roadmap"))

    columns = {status: ideas for status, _, ideas in response.context["columns"]}
    assert columns["delivered"] == [recent]


# --- feed and sitemap -----------------------------------------------------------


def test_board_feed_lists_public_ideas(client, idea_board):
    shown, hidden = post_ideas(idea_board, 2)
    Idea.objects.filter(pk=hidden.pk).update(is_hidden=True)

    response = client.get(reverse("ideas:board_feed", args=[idea_board.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert shown.title in response.text
    assert hidden.title not in response.text


def test_sitemap_lists_idea_boards_and_public_ideas(client, idea_board):
    shown, hidden = post_ideas(idea_board, 2)
    Idea.objects.filter(pk=hidden.pk).update(is_hidden=True)

    response = client.get("/sitemap.xml")

    assert idea_board.get_absolute_url() in response.text
    assert shown.get_absolute_url() in response.text
    assert hidden.get_absolute_url() not in response.text


# --- pinned query counts -------------------------------------------------------


def test_home_query_count_does_not_grow_with_boards_or_ideas(client, db):
    board = IdeaBoardFactory()
    post_ideas(board, 1)
    one = queries_for(client, reverse("ideas:home"))
    for _ in range(4):
        post_ideas(IdeaBoardFactory(), 5)

    assert queries_for(client, reverse("ideas:home")) == one


@pytest.mark.parametrize("sort", ["votes", "newest", "trending"])
def test_board_query_count_does_not_grow_with_ideas(client, idea_board, sort):
    client.force_login(UserFactory())
    url = f"{idea_board.get_absolute_url()}?sort={sort}"
    vote_by_many(post_ideas(idea_board, 1)[0], 1)
    one = queries_for(client, url)
    for idea in post_ideas(idea_board, 19):
        vote_by_many(idea, 1)

    assert queries_for(client, url) == one


def test_idea_page_query_count_does_not_grow_with_comments_or_votes(
    client, idea, other_customer
):
    client.force_login(other_customer)
    services.post_idea_comment(idea, by=UserFactory(), body="First comment")
    vote_by_many(idea, 1)
    one = queries_for(client, idea.get_absolute_url())
    for n in range(19):
        services.post_idea_comment(idea, by=UserFactory(), body=f"Comment {n}")
    vote_by_many(idea, 19)

    assert queries_for(client, idea.get_absolute_url()) == one


def test_roadmap_query_count_does_not_grow_with_ideas(client, idea_board):
    post_ideas(idea_board, 1, status=IdeaStatus.PLANNED)
    one = queries_for(client, reverse("ideas:roadmap"))
    post_ideas(idea_board, 10, status=IdeaStatus.PLANNED)
    post_ideas(idea_board, 10, status=IdeaStatus.UNDER_REVIEW)

    assert queries_for(client, reverse("ideas:roadmap")) == one
