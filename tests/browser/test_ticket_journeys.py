import pytest
from playwright.sync_api import expect

from forum.deflection.models import Ticket
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_with_no_helpdesk_a_moderator_reads_the_ticket_and_marks_it_handled(
    page, sign_in
):
    from accounts.models import Role

    moderator = UserFactory(username="mo", role=Role.MODERATOR)

    page.goto("/support/contact/ticket/")
    expect(page.get_by_text("read it in the community's ticket list")).to_be_visible()
    page.get_by_label("Subject").fill("Roaming in Bali")
    page.get_by_label("Category").select_option("mobile")
    page.get_by_label("What happened?").fill("Roaming does not work in Bali.")
    page.get_by_label("Your e-mail address").fill("visitor@example.com")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_role("heading", name="Your ticket is sent")).to_be_visible()
    ticket = Ticket.objects.get()

    sign_in("mo", PASSWORD)
    page.goto("/moderation/")
    page.get_by_role("link", name="Support tickets").click()
    page.get_by_role("link", name=ticket.reference).click()
    expect(page.get_by_text("Roaming does not work in Bali.")).to_be_visible()
    page.get_by_role("button", name="Mark handled").click()
    handled = page.get_by_text(f"Ticket {ticket.reference} marked handled.")
    expect(handled).to_be_visible()

    ticket.refresh_from_db()
    assert ticket.handled_by == moderator
