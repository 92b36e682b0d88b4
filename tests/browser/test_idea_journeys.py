import pytest
from playwright.sync_api import expect

from forum.ideas.models import Idea
from tests.factories import PASSWORD, IdeaBoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def post_an_idea_that_others_vote_for(page, sign_in) -> str:
    """Anna posts an idea from the header's Ideas link; Ben and Cleo vote for it
    and Ben comments. Returns the idea page's address (the staff journey goes on
    from there)."""
    IdeaBoardFactory(name="App and My Account", slug="app-and-account")
    for username, name in [("anna", "Anna"), ("ben", "Ben"), ("cleo", "Cleo")]:
        UserFactory(username=username, display_name=name)

    sign_in("anna", PASSWORD)
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Ideas"
    ).click()
    page.get_by_role("link", name="App and My Account").click()
    page.get_by_role("link", name="Post an idea").click()
    page.get_by_label("Title").fill("Show data usage per day in the app")
    page.get_by_label("Description").fill("A **daily** chart would stop bill shock.")
    page.get_by_label("Tags").fill("app, data")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", name="Show data usage per day")).to_be_visible()
    expect(page.get_by_role("button", name="Vote for this idea")).to_have_count(0)
    idea_url = page.url

    for voter in ["ben", "cleo"]:
        page.context.clear_cookies()
        sign_in(voter, PASSWORD)
        page.goto(idea_url)
        page.get_by_role("button", name="Vote for this idea").click()
        withdraw = page.get_by_role("button", name="You voted · Withdraw vote")
        expect(withdraw).to_be_visible()
    expect(page.locator(".idea-side .idea-vote-count")).to_have_text("2")

    page.get_by_label("Your comment").fill("I'd use this every week.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("I'd use this every week.")).to_be_visible()
    return idea_url


def test_a_customer_posts_an_idea_and_others_vote(page, sign_in):
    idea_url = post_an_idea_that_others_vote_for(page, sign_in)

    idea = Idea.objects.get()
    assert (idea.vote_count, idea.comment_count) == (2, 1)

    # The board lists it with its votes; Anna hears about the comment.
    page.context.clear_cookies()
    sign_in("anna", PASSWORD)
    page.goto("/ideas/b/app-and-account/")
    row = page.locator(".idea-row", has_text="Show data usage per day")
    expect(row.locator(".idea-vote-count")).to_have_text("2")
    page.locator("a.notifications-link").click()
    expect(page.get_by_text("commented on the idea")).to_be_visible()
    assert idea_url.endswith(idea.get_absolute_url())
