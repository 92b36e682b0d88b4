"""Search in a real browser: "Did you mean", the synonym page, a promoted answer."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from forum.search import index_thread
from tests.factories import PASSWORD, BoardFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def make_thread(board, title: str, body: str):
    thread = ThreadFactory(board=board, title=title, body=body)
    index_thread(thread.pk)
    return thread


def test_a_misspelt_search_offers_did_you_mean_and_the_link_searches_again(page):
    board = BoardFactory(name="Mobile", slug="mobile")
    make_thread(board, "Voicemail greeting won't save", "It resets every time.")
    make_thread(board, "Roaming in Bali", "Data pack question.")

    page.goto("/search/?q=voicemial+greting")

    expect(page.locator(".search-result-title").first).to_have_text(
        "Voicemail greeting won't save"
    )
    suggestion = page.get_by_role("link", name="voicemail greeting", exact=True)
    expect(page.get_by_text("Did you mean")).to_be_visible()
    suggestion.click()
    expect(page.locator("#search-q")).to_have_value("voicemail greeting")
    expect(page.get_by_text("Did you mean")).to_have_count(0)


def test_a_manager_adds_synonyms_and_the_next_search_uses_them(page, sign_in):
    UserFactory(username="sam", role=Role.MANAGER)
    board = BoardFactory(name="Billing", slug="billing")
    make_thread(board, "Quarterly statement is wrong", "Charged for a plan.")
    make_thread(board, "Roaming pass price", "Travelling soon.")
    sign_in("sam", PASSWORD)

    page.goto("/search/synonyms/")
    page.get_by_label("Words or phrases").fill("receipt")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("A rule needs at least two")).to_be_visible()
    page.get_by_label("Words or phrases").fill("receipt, statement")
    page.get_by_role("button", name="Add").click()

    expect(page.get_by_text("The synonyms apply to the next search.")).to_be_visible()
    expect(page.get_by_text("receipt, statement (two-way)")).to_be_visible()
    page.goto("/search/?q=receipt")
    expect(page.locator(".search-result-title").first).to_have_text(
        "Quarterly statement is wrong"
    )


def test_a_promoted_answer_shows_first_marked_as_recommended(page, sign_in):
    UserFactory(username="sam", role=Role.MANAGER)
    board = BoardFactory(name="Billing", slug="billing")
    make_thread(board, "Bill shock after a holiday", "Huge bill.")
    answer = make_thread(board, "Understanding roaming charges", "How they add up.")
    sign_in("sam", PASSWORD)

    page.goto("/search/promotions/?q=bill+shock")
    expect(page.get_by_label("Query")).to_have_value("bill shock")
    page.get_by_role("textbox", name="Thread").fill(answer.get_absolute_url())
    page.get_by_role("button", name="Promote").click()
    expect(page.get_by_text("now shows first for this query")).to_be_visible()

    page.goto("/search/?q=shock+bill")
    first = page.locator(".search-result").first
    expect(first.locator(".search-result-flag")).to_have_text("Recommended answer")
    expect(first.locator(".search-result-title")).to_have_text(
        "Understanding roaming charges"
    )
