"""The site in Simplified Chinese and in Arabic, as a customer who reads it at home
would use it: chosen by the browser, by the footer's switch and by the member's own
setting; Arabic pages laid out right to left. Screenshots of each layout are kept in
test-artifacts/ for review, and axe-core finds no serious issue in either language."""

import pytest
from playwright.sync_api import expect

from forum import services
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import blocking_violations
from tests.factories import PASSWORD, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def thread():
    board = BoardFactory(name="Mobile", slug="mobile")
    asker = UserFactory(username="lan")
    question = services.create_thread(
        board=board,
        author=asker,
        title="eSIM 无法激活",
        body="换了新手机以后，eSIM 一直显示“无法激活”。",
    )
    answer = services.post_reply(
        question, author=UserFactory(username="minh"), body="先重启，再扫描二维码。"
    )
    services.accept_solution(question, post=answer, by=asker)
    return question


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"language-{name}.png"), full_page=True)


def test_a_visitor_whose_browser_reads_chinese_gets_the_site_in_chinese(
    browser, live_server, thread
):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.locator(".header-search button")).to_have_text("搜索")
        screenshot(page, "zh-hans-home")
        found = blocking_violations(page)

        page.goto(thread.get_absolute_url())
        expect(page.locator("h1")).to_contain_text("eSIM 无法激活")
        screenshot(page, "zh-hans-thread")
        found += blocking_violations(page)

        page.locator("#header-q").fill("激活")
        page.locator(".header-search button").click()
        expect(page.get_by_role("link", name="eSIM 无法激活")).to_be_visible()
        found += blocking_violations(page)
        assert found == []
    finally:
        context.close()


def test_the_footer_switch_turns_the_site_arabic_and_right_to_left(page, thread):
    page.goto(thread.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    english_brand = page.locator(".brand").bounding_box()

    page.locator("#language-switch").select_option("ar")
    page.locator(".language-switch button").click()
    page.get_by_role("button", name="Save").click()

    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.url.endswith(thread.get_absolute_url())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The header mirrors: the site's name moves from the left edge to the right.
    arabic_brand = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    assert english_brand["x"] < width / 2 < arabic_brand["x"]
    expect(page.locator(".header-search button")).to_have_text("بحث")
    screenshot(page, "ar-thread")
    assert blocking_violations(page) == []

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, "ar-home")
    assert blocking_violations(page) == []


def test_a_member_s_own_language_follows_them_when_they_sign_in(page, sign_in):
    UserFactory(username="huong", language="zh-hans")

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en-au")
    sign_in("huong", PASSWORD)
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".header-search button")).to_have_text("搜索")
