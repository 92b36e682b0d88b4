import pytest
from playwright.sync_api import expect

from accounts.models import Role
from forum import services
from tests.factories import PASSWORD, BoardFactory, NewUserFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nbn_board():
    return BoardFactory(name="NBN and Internet", slug="nbn-internet")


def switch_user(page, sign_in, username: str) -> None:
    page.context.clear_cookies()
    sign_in(username, PASSWORD)


def test_a_new_members_first_question_waits_until_a_moderator_approves_it(
    page, sign_in, nbn_board
):
    NewUserFactory(username="newbie")
    UserFactory(username="reader")
    UserFactory(username="mod", role=Role.MODERATOR)
    title = "Modem lights blink orange after a storm"

    sign_in("newbie", PASSWORD)
    page.goto("/ask/")
    page.get_by_label("Board").select_option(label=nbn_board.name)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Details").fill("Since last night's storm nothing connects.")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Awaiting approval").first).to_be_visible()
    url = page.url

    switch_user(page, sign_in, "reader")
    assert page.goto(url).status == 404
    page.goto(f"/b/{nbn_board.slug}/")
    expect(page.get_by_text(title)).to_have_count(0)

    switch_user(page, sign_in, "mod")
    expect(page.get_by_role("link", name="Moderation: 1 waiting")).to_be_visible()
    page.get_by_role("link", name="Moderation: 1 waiting").click()
    item = page.locator(".queue-item", has_text=title)
    # A script-fast browser also trips the "sent seconds after the form" check.
    expect(item).to_contain_text("Awaiting approval")
    item.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: the post is public now.")).to_be_visible()
    expect(page.get_by_text("Nothing waiting")).to_be_visible()

    switch_user(page, sign_in, "reader")
    assert page.goto(url).status == 200
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Awaiting approval")).to_have_count(0)
    page.goto(f"/b/{nbn_board.slug}/")
    expect(page.get_by_role("link", name=title)).to_be_visible()


def test_a_moderator_merges_a_duplicate_and_its_old_link_redirects(
    page, sign_in, nbn_board
):
    UserFactory(username="mod", role=Role.MODERATOR)
    keep = services.create_thread(
        board=nbn_board,
        author=UserFactory(),
        title="NBN drops out every evening",
        body="Every night around 8pm.",
    )
    duplicate = services.create_thread(
        board=nbn_board,
        author=UserFactory(),
        title="Internet dies at 8pm daily",
        body="Same here, every evening.",
    )
    services.post_reply(
        duplicate, author=UserFactory(), body="Ask for a line test and log the times."
    )
    old_url = duplicate.get_absolute_url()

    sign_in("mod", PASSWORD)
    page.goto(old_url)
    page.get_by_role("link", name="Merge into…").click()
    page.get_by_label("Merge into thread").fill(keep.get_absolute_url())
    page.get_by_role("button", name="Merge threads").click()

    expect(page.get_by_role("heading", name=keep.title)).to_be_visible()
    expect(page.get_by_text("Merged. The old link redirects here.")).to_be_visible()
    expect(page.get_by_text("Ask for a line test and log the times.")).to_be_visible()
    expect(page.get_by_text("Same here, every evening.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(old_url)
    assert page.url.endswith(keep.get_absolute_url())
    expect(page.get_by_role("heading", name=keep.title)).to_be_visible()
