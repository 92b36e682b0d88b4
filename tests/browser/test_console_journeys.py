"""The settings area in a real browser: an administrator uploads a logo and changes
the brand colour, and sees both on the home page."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.console.images import image_bytes
from tests.factories import PASSWORD, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_BRAND = "#7a1f5c"


def test_an_administrator_uploads_a_logo_and_changes_the_colour(page, sign_in):
    UserFactory(
        username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    BoardFactory(name="Mobile")
    sign_in("admin", PASSWORD)

    page.goto("/manage/")
    page.get_by_label("Site name").fill("Telco helpers")
    page.get_by_label("Logo", exact=True).set_input_files(
        files=[
            {
                "name": "logo.png",
                "mimeType": "image/png",
                "buffer": image_bytes(size=(160, 48), colour=(250, 200, 0)),
            }
        ]
    )
    page.get_by_label("Brand colour (header and buttons)").fill(NEW_BRAND)
    page.get_by_role("button", name="Save site settings").click()
    expect(page.get_by_text("Site settings saved.")).to_be_visible()

    page.goto("/")
    logo = page.locator("header .brand-logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 160
    expect(page.locator("header .brand")).to_contain_text("Telco helpers")
    header_colour = page.locator("header.site-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_colour == "rgb(122, 31, 92)"


def test_an_unreadable_colour_is_refused_in_the_browser(page, sign_in):
    UserFactory(username="sam", role=Role.MANAGER)
    sign_in("sam", PASSWORD)

    page.goto("/manage/")
    page.get_by_label("Brand colour (header and buttons)").fill("#5a7cac")
    page.get_by_role("button", name="Save site settings").click()

    expect(page.get_by_text("Neither white nor black text can be read")).to_be_visible()
    page.goto("/")
    header_colour = page.locator("header.site-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_colour != "rgb(90, 124, 172)"
