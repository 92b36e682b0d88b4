"""The agents' desk in a real browser: an agent opens the queue, sees which case
has breached and how long the next has, claims a case, answers it with a solved
thread the search suggests, resolves it, and the queue no longer lists it; and
the desk's pages pass axe-core in both themes."""

import pytest
from playwright.sync_api import expect

from forum.care.models import CaseStatus, Direction
from tests.browser.test_accessibility import blocking_violations
from tests.care.desk_support import case_opened, solved_thread
from tests.factories import PASSWORD, AgentFactory, CareContactFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_an_agent_claims_answers_with_a_solved_thread_and_resolves_a_case(
    page, sign_in
):
    AgentFactory(username="alex")
    thread = solved_thread(
        "NBN drops out every night",
        "Every evening the connection drops for a minute.",
        solution="Ask for a line test in the evening; it was a faulty port.",
    )
    overdue = case_opened(
        90,
        contact=CareContactFactory(handle="@billie", display_name="Billie"),
        text="Why is my bill twice as much this month?",
    )
    case = case_opened(
        10,
        contact=CareContactFactory(handle="@jo_nbn", display_name="Jo Citizen"),
        text="@telco my nbn drops out every night, again! #fail",
    )
    sign_in("alex", PASSWORD)

    page.get_by_role("link", name="Care desk").click()

    overdue_row = page.locator(f"#case-{overdue.reference}")
    row = page.locator(f"#case-{case.reference}")
    expect(overdue_row).to_contain_text("Breached: overdue by 30 min")
    expect(row).to_contain_text("due in 50 min")
    expect(row).not_to_contain_text("Breached")
    expect(row).to_contain_text("Jo Citizen")

    row.get_by_role("button", name=f"Claim {case.reference}").click()

    expect(page.get_by_text(f"You hold case {case.reference}.")).to_be_visible()
    expect(page.locator(".care-case-head")).to_contain_text("Held by Alex")
    page.get_by_label("Reply to the customer").fill(
        "Sorry about the dropouts, Jo. This fixed it for others:"
    )
    suggestion = page.locator(".care-suggestion", has_text=thread.title)
    expect(suggestion).to_contain_text("Solved")
    suggestion.get_by_label(thread.title).check()
    page.get_by_label("Resolve after sending").check()
    page.get_by_role("button", name="Send the reply").click()

    expect(page.get_by_text("Reply sent and resolved.")).to_be_visible()
    expect(page.locator(".care-outbound")).to_contain_text(thread.title)
    expect(page.locator(".care-case-head")).to_contain_text("Resolved")
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.answered_with_community_at is not None
    reply = case.messages.get(direction=Direction.OUTBOUND)
    assert reply.linked_thread == thread

    page.get_by_role("link", name="Care desk").first.click()

    expect(page.locator(f"#case-{overdue.reference}")).to_be_visible()
    expect(page.locator(f"#case-{case.reference}")).to_have_count(0)


def test_an_agent_reads_a_breach_warning_and_leaves_an_internal_note(page, sign_in):
    AgentFactory(username="alex")
    case = case_opened(
        125,
        contact=CareContactFactory(handle="@sam_mobile", display_name="Sam"),
        text="No signal since this morning",
    )
    sign_in("alex", PASSWORD)

    page.goto(case.get_absolute_url())

    expect(page.locator(".care-breach-banner")).to_contain_text(
        "Breached: overdue by 1 h 5 min"
    )
    page.get_by_label("Internal note").fill("Tower outage in 3000, ETA 2 pm.")
    page.get_by_role("button", name="Add the note").click()

    expect(page.get_by_text("Note added.")).to_be_visible()
    note = page.locator(".care-note")
    expect(note).to_contain_text("Internal note")
    expect(note).to_contain_text("Tower outage in 3000, ETA 2 pm.")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_desk_pages_have_no_serious_accessibility_issue(
    page, sign_in, live_server, theme
):
    AgentFactory(username="alex")
    solved_thread("Modem lights blink orange", solution="Reset the modem.")
    overdue = case_opened(90, text="My modem lights blink orange")
    case_opened(50, text="Bill too high")
    case_opened(5, text="Where is my order?")
    page.context.add_cookies(
        [{"name": "theme", "value": theme, "url": live_server.url}]
    )
    sign_in("alex", PASSWORD)

    found = []
    for address in ("/care/", overdue.get_absolute_url()):
        page.goto(address)
        found += blocking_violations(page)

    assert found == []
