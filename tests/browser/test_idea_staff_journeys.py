"""The idea exchange's staff side in a real browser: a manager answers an idea
with votes and its voter reads the notification; a duplicate merge carries its
votes to the idea it repeats."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from forum.ideas.models import Idea
from tests.factories import PASSWORD, IdeaFactory, UserFactory
from tests.ideas.staff_support import vote

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_staff_answer_an_idea_and_its_voter_is_notified(
    page, sign_in, browser, live_server
):
    UserFactory(username="sam", role=Role.MANAGER)
    voter = UserFactory(username="vera")
    idea = vote(IdeaFactory(title="Pay my bill by text message"), voter)
    sign_in("sam", PASSWORD)

    page.goto(idea.get_absolute_url())
    page.locator("summary", has_text="Change the status").click()
    page.get_by_label("Planned", exact=True).check()
    page.get_by_label("Public response").first.fill(
        "We're building this for the **spring** release."
    )
    page.get_by_role("button", name="Change the status and tell voters").click()

    expect(
        page.get_by_text("Status changed; voters and followers are told.")
    ).to_be_visible()
    expect(page.locator(".idea-response")).to_contain_text("spring")
    expect(page.locator(".idea-response")).to_contain_text("Manager")
    idea.refresh_from_db()
    assert idea.status == "planned"

    voter_context = browser.new_context(base_url=live_server.url)
    voter_page = voter_context.new_page()
    voter_page.goto("/accounts/login/")
    voter_page.locator("#id_login").fill("vera")
    voter_page.locator("#id_password").fill(PASSWORD)
    voter_page.get_by_role("button", name="Sign In").click()
    voter_page.goto("/notifications/")
    expect(
        voter_page.get_by_text("The idea “Pay my bill by text message” is now Planned")
    ).to_be_visible()
    voter_context.close()


def test_a_duplicate_merge_carries_its_votes(page, sign_in):
    UserFactory(username="morgan", role=Role.MODERATOR)
    both, only_duplicate = UserFactory.create_batch(2)
    target = vote(IdeaFactory(title="Split the bill between two cards"), both)
    duplicate = vote(
        IdeaFactory(title="Pay with two cards at once"), both, only_duplicate
    )
    sign_in("morgan", PASSWORD)

    page.goto(duplicate.get_absolute_url())
    page.locator("summary", has_text="Merge as a duplicate").click()
    page.get_by_label("Merge into idea").fill(target.get_absolute_url())
    page.locator("#merge-response").fill("The same request: follow that one.")
    page.get_by_role("button", name="Merge and move the votes").click()

    expect(
        page.get_by_text(
            "Merged into “Split the bill between two cards” with its votes."
        )
    ).to_be_visible()
    expect(page.locator(".idea-response")).to_contain_text("Duplicate")
    assert Idea.objects.get(pk=target.pk).vote_count == 2
    assert Idea.objects.get(pk=duplicate.pk).vote_count == 0
