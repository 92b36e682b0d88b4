import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import BoardFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_visitor_sees_the_home_page(page):
    BoardFactory(name="Mobile", slug="mobile")

    page.goto("/")

    expect(page.get_by_role("heading", name="How can we help?")).to_be_visible()
    expect(page.get_by_role("link", name="Mobile")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_sign_up_verify_sign_out_and_sign_in_again(page, sign_in, live_server):
    page.goto("/")
    page.get_by_role("link", name="Join").click()
    page.get_by_label("Email").fill("joanne@example.com")
    page.get_by_label("Username").fill("joanne")
    page.locator("#id_password1").fill("a-very-long-passphrase")
    page.locator("#id_password2").fill("a-very-long-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    expect(
        page.get_by_role("heading", name="Verify Your Email Address")
    ).to_be_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    page.goto(live_server.url + link.group(0).split("example.com", 1)[1])
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="joanne", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    sign_in("joanne@example.com", "a-very-long-passphrase")
    expect(page.get_by_role("link", name="joanne", exact=True)).to_be_visible()
