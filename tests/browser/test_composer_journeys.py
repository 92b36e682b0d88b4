"""The composer in Chromium: live preview from the server's renderer, the
toolbar and @mention completion by keyboard alone, drafts that survive a reload,
and the same form without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from forum.models import Post
from tests.factories import PASSWORD, PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def thread():
    UserFactory(username="carla")
    UserFactory(username="technician_tess", display_name="Tess the Technician")
    return ThreadFactory(title="Modem lights flash orange after the storm")


def test_reply_with_the_keyboard_preview_mention_and_toolbar(page, sign_in, thread):
    sign_in("carla", PASSWORD)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    box.focus()
    page.keyboard.type("Ask @techn")
    mention = page.get_by_role("option", name="@technician_tess (Tess the Technician)")
    expect(mention).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.type("about the line. See https://status.example.com/nbn ")
    page.keyboard.press("Control+b")
    page.keyboard.type("now")

    expect(box).to_have_value(
        "Ask @technician_tess about the line. See https://status.example.com/nbn "
        "**now**"
    )
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("now")
    expect(preview.get_by_role("link", name="@technician_tess")).to_have_attribute(
        "href", "/u/technician_tess/"
    )
    expect(
        preview.get_by_role("link", name="https://status.example.com/nbn")
    ).to_be_visible()

    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".post-body strong", has_text="now")).to_be_visible()
    assert Post.objects.filter(body__contains="@technician_tess").exists()


def test_a_draft_survives_a_reload_and_goes_once_posted(page, sign_in, thread):
    sign_in("carla", PASSWORD)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    box.fill("A long answer about resetting the modem to factory settings.")
    page.wait_for_timeout(800)  # drafts are kept after a pause in typing

    page.reload()
    box = page.get_by_role("textbox", name="Your reply")
    expect(box).to_have_value(
        "A long answer about resetting the modem to factory settings."
    )
    expect(page.get_by_text("Your unsent draft is back.")).to_be_visible()

    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".post-body", has_text="factory settings")).to_be_visible()
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("textbox", name="Your reply")).to_have_value("")


def test_without_javascript_the_preview_button_shows_the_post(
    browser, live_server, thread
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill("carla")
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.goto(thread.get_absolute_url())
        page.get_by_role("textbox", name="Your reply").fill("Try **another** cable")
        page.get_by_role("button", name="Preview").click()

        preview = page.get_by_role("region", name="Preview")
        expect(preview.locator("strong")).to_have_text("another")
        expect(page.get_by_role("textbox", name="Your reply")).to_have_value(
            "Try **another** cable"
        )
        assert not Post.objects.filter(body__contains="another").exists()

        page.get_by_role("button", name="Post reply").click()
        expect(page.locator(".post-body strong", has_text="another")).to_be_visible()
    finally:
        context.close()


PASTE_A_SCREENSHOT = """async (selector) => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 200;
    const context = canvas.getContext("2d");
    context.fillStyle = "#e07000";
    context.fillRect(0, 0, 320, 200);
    const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], "image.png", { type: "image/png" }));
    const box = document.querySelector(selector);
    box.focus();
    box.dispatchEvent(
        new ClipboardEvent(
            "paste", { clipboardData: transfer, bubbles: true, cancelable: true }
        )
    );
}"""


def test_a_pasted_screenshot_shows_in_the_preview_then_in_the_post(
    page, sign_in, thread
):
    sign_in("carla", PASSWORD)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    box.fill("The lights look like this:\n")
    page.evaluate(PASTE_A_SCREENSHOT, "#id_body")

    expect(box).to_have_value(re.compile(r"!\[image\.png\]\(upload://[\w-]+\)"))
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("img")).to_have_attribute("src", re.compile(r"thumb"))

    page.get_by_role("button", name="Post reply").click()
    picture = page.locator(".post-body a > img").last
    expect(picture).to_be_visible()
    full = picture.locator("xpath=..").get_attribute("href")
    assert full and full != picture.get_attribute("src")
    response = page.request.get(full)
    assert response.ok
    assert response.headers["content-type"] == "image/png"


def test_an_avatar_uploaded_on_the_settings_page_shows_beside_posts(
    page, sign_in, thread
):
    PostFactory(thread=thread, author=User.objects.get(username="carla"))
    sign_in("carla", PASSWORD)
    page.goto("/settings/profile/")
    page.locator("#avatar-file").set_input_files(
        {"name": "me.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Upload picture").click()
    expect(page.locator(".profile-head img.avatar-picture")).to_be_visible()

    page.goto(thread.get_absolute_url())
    expect(page.locator("img.avatar-picture").first).to_be_visible()


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (300, 200), "#0b5cad").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_log_file_chosen_with_the_toolbar_button_becomes_a_link(
    page, sign_in, thread
):
    sign_in("carla", PASSWORD)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    box.fill("My router's log:\n")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add an image or file").click()
    chooser.value.set_files(
        {
            "name": "router.log",
            "mimeType": "text/plain",
            "buffer": b"PPP up\nLCP down\n",
        }
    )
    expect(box).to_have_value(re.compile(r"\[router\.log\]\(upload://[\w-]+\)"))
    expect(page.get_by_text("router.log added.")).to_be_visible()

    page.get_by_role("button", name="Post reply").click()
    link = page.locator(".post-body a", has_text="router.log")
    expect(link).to_be_visible()
    # The test server serves media itself; the download headers the site and the
    # object store set are tested in tests/attachments (test_uploads, test_s3_storage).
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.body() == b"PPP up\nLCP down\n"
