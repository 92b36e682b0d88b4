"""axe-core (bundled by axe-playwright-python, injected through ``page.evaluate``,
which the site's strict CSP does not govern) finds no serious or critical issue on the
main pages, in the light theme and in the dark one."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import Role
from forum import services
from tests.factories import PASSWORD, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}


@pytest.fixture
def community():
    board = BoardFactory(name="NBN and Internet", slug="nbn-internet")
    asker = UserFactory(username="carla")
    helper = UserFactory(username="priya", display_name="Priya")
    UserFactory(username="sam", role=Role.MANAGER)
    moderator = UserFactory(username="morgan", role=Role.MODERATOR)
    question = services.create_thread(
        board=board,
        author=asker,
        title="Modem drops out every evening",
        body="My NBN modem loses sync around 7pm. Any ideas?",
    )
    answer = services.post_reply(
        question, author=helper, body="Check the **DSL filter** and the cable."
    )
    services.post_reply(question, author=moderator, body="Moderator here: agreed.")
    services.give_kudos(answer, by=moderator)
    services.accept_solution(question, post=answer, by=asker)
    return {"board": board, "thread": question, "helper": helper}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def visit_all(page, sign_in, community) -> list[str]:
    found = []
    visitor_pages = [
        "/",
        community["board"].get_absolute_url(),
        community["thread"].get_absolute_url(),
        "/search/?q=modem",
        "/accounts/login/",
        f"/u/{community['helper'].username}/",
        "/leaderboard/?period=all",
    ]
    for address in visitor_pages:
        page.goto(address)
        found += blocking_violations(page)
    sign_in("sam", PASSWORD)
    expect(page.locator(".user-chip")).to_be_visible()
    staff_pages = [
        "/ask/",
        "/reports/deflection/",
        "/reports/subscriptions/",
        "/manage/",
        "/manage/boards/",
        "/manage/ranks/",
        "/messages/",
    ]
    for address in staff_pages:
        page.goto(address)
        found += blocking_violations(page)
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_main_pages_have_no_serious_accessibility_issue(
    page, sign_in, live_server, community, theme
):
    page.context.add_cookies(
        [{"name": "theme", "value": theme, "url": live_server.url}]
    )

    found = visit_all(page, sign_in, community)

    assert found == []


def test_the_dark_theme_from_the_system_setting_has_no_serious_issue(page, community):
    page.emulate_media(color_scheme="dark")
    page.goto(community["thread"].get_absolute_url())

    background = page.evaluate(
        "getComputedStyle(document.documentElement).backgroundColor"
    )
    assert background == "rgb(21, 24, 28)"
    assert blocking_violations(page) == []


def test_the_theme_switch_applies_at_once_with_javascript_and_sticks(page, community):
    page.goto("/")
    root = page.locator("html")
    expect(root).to_have_attribute("data-theme", "system")
    expect(page.get_by_role("button", name="Apply")).to_be_hidden()

    page.get_by_role("group", name="Colour theme").get_by_label("Dark").check()

    expect(root).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in {"rgb(21, 24, 28)", "rgba(0, 0, 0, 0)"}
    page.goto(community["board"].get_absolute_url())
    expect(root).to_have_attribute("data-theme", "dark")
    expect(page.get_by_label("Dark")).to_be_checked()


def test_the_theme_switch_works_without_javascript(browser, live_server, community):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(community["board"].get_absolute_url())
        switch = page.get_by_role("group", name="Colour theme")
        switch.get_by_label("Light").check()
        switch.get_by_role("button", name="Apply").click()
        expect(page.get_by_role("heading", name="Colour theme")).to_be_visible()
        page.get_by_role("button", name="Save").click()

        expect(page).to_have_url(
            live_server.url + community["board"].get_absolute_url()
        )
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
    finally:
        context.close()
