import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_forum_journeys import ask_question, reply
from tests.factories import PASSWORD, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_asker_sees_the_unread_count_opens_the_notification_and_lands_on_the_reply(
    page, sign_in
):
    board = BoardFactory(name="NBN and Internet", slug="nbn-internet")
    UserFactory(username="asker")
    UserFactory(username="helper", display_name="Helpful Hana")
    title = "Modem loses sync every night"
    answer = "Swap the phone cable for a shorter one."

    sign_in("asker", PASSWORD)
    url = ask_question(page, board.name, title)
    page.context.clear_cookies()
    sign_in("helper", PASSWORD)
    reply(page, url, answer)
    page.context.clear_cookies()
    sign_in("asker", PASSWORD)

    bell = page.locator("a.notifications-link")
    unread = int(bell.locator(".count-badge").inner_text())
    assert unread >= 1
    expect(bell).to_have_attribute("aria-label", f"Notifications, {unread} unread")
    bell.click()
    page.get_by_role("link", name=f"Helpful Hana replied to “{title}”").click()

    expect(page).to_have_url(re.compile(r"/t/\d+-modem-loses-sync-every-night/#p\d+$"))
    post_id = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"article#{post_id}")).to_contain_text(answer)
    expect(page.locator("a.notifications-link")).to_have_attribute(
        "aria-label", f"Notifications, {unread - 1} unread"
    )
