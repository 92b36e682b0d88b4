from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from playwright.sync_api import expect

from forum.deflection.models import JourneyEvent, Ticket
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_finds_nothing_files_a_ticket_and_the_manager_sees_the_gap(
    page, sign_in, settings
):
    # One journey is enough to show a query in this test.
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    from accounts.models import Role

    UserFactory(username="sam", role=Role.MANAGER)

    page.goto("/support/contact/")
    page.get_by_label("What do you need help with?").fill("static ip for home server")
    page.get_by_role("button", name="Find answers").click()
    expect(page.get_by_text("We found no answers for that yet.")).to_be_visible()
    still = page.get_by_role("region", name="Still need help?")
    still.get_by_role("link", name="Contact support").click()
    expect(page.get_by_label("Subject")).to_have_value("static ip for home server")
    page.get_by_label("Category").select_option("internet")
    page.get_by_label("What happened?").fill(
        "I need a static IP address for my server."
    )
    page.get_by_label("Your e-mail address").fill("visitor@example.com")
    page.get_by_role("button", name="Send to support").click()
    ticket = Ticket.objects.get()
    expect(page.get_by_text(ticket.reference)).to_be_visible()

    # The visitor has gone quiet: an hour passes before the nightly build.
    JourneyEvent.objects.update(created_at=F("created_at") - timedelta(hours=1))
    call_command("build_deflection_stats")

    sign_in("sam", PASSWORD)
    page.goto("/reports/deflection/?period=7")
    tickets_tile = page.locator(".tile", has_text="Tickets").first
    expect(tickets_tile.locator(".tile-value")).to_have_text("1")
    gaps = page.locator("section", has=page.get_by_role("heading", name="Content gaps"))
    expect(
        gaps.get_by_role("rowheader", name="static ip for home server").first
    ).to_be_visible()


def test_a_visitor_searches_opens_a_solved_thread_says_it_helped_and_it_counts(
    page, sign_in
):
    from accounts.models import Role
    from forum import services
    from tests.factories import BoardFactory

    board = BoardFactory(name="NBN and Internet", slug="nbn-internet")
    asker, helper = UserFactory(username="asker"), UserFactory(username="helper")
    UserFactory(username="sam", role=Role.MANAGER)
    thread = services.create_thread(
        board=board,
        author=asker,
        title="Modem keeps rebooting overnight",
        body="It restarts at 2am.",
    )
    reply = services.post_reply(thread, author=helper, body="Update the firmware.")
    services.accept_solution(thread, post=reply, by=asker)

    page.goto("/")
    page.get_by_label("Search the community").first.fill("modem rebooting")
    page.get_by_role("button", name="Search").first.click()
    page.get_by_role("link", name="Modem keeps rebooting overnight").click()
    expect(
        page.get_by_role("heading", name="Did this answer your question?")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, this helped").click()
    expect(page.get_by_text("Thanks for your feedback.")).to_be_visible()

    # The visitor leaves; a day later the ticket window has passed too.
    JourneyEvent.objects.update(created_at=F("created_at") - timedelta(hours=25))
    call_command("build_deflection_stats")

    sign_in("sam", PASSWORD)
    page.goto("/reports/deflection/?period=7")
    confirmed = page.locator(".tile", has_text="Confirmed deflection").first
    expect(confirmed.locator(".tile-note")).to_contain_text("1 said")
    expect(confirmed.locator(".tile-value")).to_have_text("100%")
