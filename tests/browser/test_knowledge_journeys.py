"""From a solved thread to a knowledge article that deflects a call: an expert
drafts it, a reviewer publishes it, a visitor finds it in search and says it
helped, and the manager's report counts the deflection against the article."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from playwright.sync_api import expect

from accounts.models import Role
from forum import services
from forum.deflection.models import JourneyEvent
from forum.knowledge.models import Article, ArticleState
from tests.factories import (
    PASSWORD,
    ArticleCategoryFactory,
    BoardFactory,
    ExpertCertificationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_solved_thread_becomes_an_article_that_a_visitor_finds_and_it_counts(
    page, sign_in
):
    board = BoardFactory(name="NBN and Internet", slug="nbn-internet")
    ArticleCategoryFactory(name="NBN and Internet", slug="nbn-internet")
    asker, helper = UserFactory(username="asker"), UserFactory(username="helper")
    expert = UserFactory(username="erin")
    ExpertCertificationFactory(user=expert, board=board, title="NBN expert")
    UserFactory(username="morgan", role=Role.MODERATOR)
    UserFactory(username="sam", role=Role.MANAGER)
    thread = services.create_thread(
        board=board,
        author=asker,
        title="Internet drops out every evening around 8pm",
        body="The NBN connection drops every night when everyone streams.",
    )
    reply = services.post_reply(
        thread,
        author=helper,
        body="Move the modem off the powerboard and switch to the 5 GHz band.",
    )
    services.accept_solution(thread, post=reply, by=asker)

    # The expert turns the solved thread into a draft and sends it for review.
    sign_in("erin", PASSWORD)
    page.goto(thread.get_absolute_url())
    page.get_by_role("button", name="Turn into an article").click()
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Send for review").click()
    article = Article.objects.get(source_thread=thread)
    assert article.state == ArticleState.IN_REVIEW
    page.context.clear_cookies()

    # The reviewer publishes it from the review queue.
    sign_in("morgan", PASSWORD)
    page.goto("/kb/queue/")
    page.get_by_role("link", name=article.title).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name=article.title)).to_be_visible()
    page.context.clear_cookies()

    # A visitor searches in their own words, opens the article and says it helped.
    page.goto("/search/?q=internet+dropping+out+at+night")
    result = page.locator("li.search-result-article").first
    result.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", name=article.title)).to_be_visible()
    feedback = page.get_by_role("group", name="Was this article helpful?")
    feedback.get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Thanks for your feedback.")).to_be_visible()
    article.refresh_from_db()
    assert article.helpful_count == 1

    # The visitor goes quiet; the ticket window passes before the nightly build.
    JourneyEvent.objects.update(created_at=F("created_at") - timedelta(hours=25))
    call_command("build_deflection_stats")

    sign_in("sam", PASSWORD)
    page.goto("/reports/deflection/?period=7")
    deflected = page.get_by_role("region", name="Articles that deflected most")
    row = deflected.get_by_role("row").filter(has_text=article.title)
    expect(row.get_by_role("cell").first).to_have_text("1")
    helpfulness = page.get_by_role("region", name="Article helpfulness")
    expect(
        helpfulness.get_by_role("row").filter(has_text=article.title)
    ).to_be_visible()
