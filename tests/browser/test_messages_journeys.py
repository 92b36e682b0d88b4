import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_private_conversation_from_profile_to_block_report_and_moderator_read(
    page, sign_in
):
    UserFactory(username="anna", display_name="Anna")
    UserFactory(username="ben", display_name="Ben")
    UserFactory(username="mod", display_name="Mo", role=Role.MODERATOR)

    # Anna writes to Ben from his profile.
    sign_in("anna", PASSWORD)
    page.goto("/u/ben/")
    page.get_by_role("link", name="Message", exact=True).click()
    page.get_by_label("Subject").fill("Your modem settings")
    page.get_by_role("textbox", name="Your message").fill("Which **DNS** do you use?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Your modem settings")).to_be_visible()
    conversation_url = page.url

    # Ben sees the count in the header and the notification, and replies.
    page.context.clear_cookies()
    sign_in("ben", PASSWORD)
    expect(page.locator("a.messages-link")).to_have_attribute(
        "aria-label", "Messages, 1 unread"
    )
    page.locator("a.notifications-link").click()
    page.get_by_role(
        "link", name="Anna sent you a private message: “Your modem settings”"
    ).click()
    expect(page.locator(".private-message strong").first).to_have_text("Anna")
    expect(page.locator(".post-body strong")).to_have_text("DNS")
    page.get_by_role("textbox", name="Your message").fill("The provider's own.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("The provider's own.")).to_be_visible()
    expect(page.locator("a.messages-link .count-badge")).to_have_count(0)

    # Anna reports Ben's message, then blocks him.
    page.context.clear_cookies()
    sign_in("anna", PASSWORD)
    page.goto(conversation_url)
    reply = page.locator(".private-message", has_text="The provider's own.")
    reply.locator("summary", has_text="Report").click()
    reply.get_by_label("Reason").select_option("abuse")
    reply.get_by_role("button", name="Report to moderators").click()
    expect(page.get_by_text("the moderators will take a look")).to_be_visible()
    page.goto("/u/ben/")
    page.get_by_role("button", name="Block").click()
    expect(page.get_by_text("You blocked Ben")).to_be_visible()

    # Ben can no longer write to Anna.
    page.context.clear_cookies()
    sign_in("ben", PASSWORD)
    page.goto(conversation_url)
    page.get_by_role("textbox", name="Your message").fill("Hello again?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert").first).to_contain_text("one of you blocked")

    # The moderator finds the report in the queue and reads the conversation,
    # which the audit log records.
    page.context.clear_cookies()
    sign_in("mod", PASSWORD)
    page.goto("/moderation/")
    page.get_by_role("link", name="“Your modem settings”").click()
    expect(page.get_by_text("recorded in the audit log")).to_be_visible()
    expect(page.get_by_text("The provider's own.")).to_be_visible()
    page.goto("/moderation/log/")
    expect(
        page.get_by_role("cell", name="Read a reported private conversation")
    ).to_be_visible()
    assert AuditEntry.objects.filter(
        action=AuditAction.READ_CONVERSATION, actor__username="mod"
    ).exists()
    assert re.search(r"/messages/\d+/$", conversation_url)
