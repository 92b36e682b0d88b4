import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    BoardFactory,
    ExpertCertificationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nbn_board():
    return BoardFactory(name="NBN and Internet", slug="nbn-internet")


def ask_question(page, board_name: str, title: str) -> str:
    page.goto("/ask/")
    page.get_by_label("Board").select_option(label=board_name)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Details").fill("The connection drops every evening at 8pm.")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    return page.url


def reply(page, url: str, text: str) -> None:
    page.goto(url)
    page.get_by_role("textbox", name="Your reply").fill(text)
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text(text).first).to_be_visible()


def test_asker_accepts_a_reply_and_the_board_shows_it_solved(page, sign_in, nbn_board):
    UserFactory(username="asker")
    UserFactory(username="helper")
    title = "NBN drops out every evening"

    sign_in("asker", PASSWORD)
    url = ask_question(page, nbn_board.name, title)
    page.context.clear_cookies()
    sign_in("helper", PASSWORD)
    reply(page, url, "Ask for a line test and mention the times.")
    page.context.clear_cookies()
    sign_in("asker", PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Accept as solution").click()

    expect(page.get_by_role("heading", name="Accepted solution")).to_be_visible()
    page.goto(f"/b/{nbn_board.slug}/")
    row = page.locator(".thread-row", has_text=title)
    expect(row.locator(".badge-solved")).to_have_text("Solved")


def test_an_expert_accepts_on_someone_elses_thread_as_expert_verified(
    page, sign_in, nbn_board
):
    UserFactory(username="asker")
    UserFactory(username="helper")
    expert = UserFactory(username="expert")
    ExpertCertificationFactory(user=expert, board=nbn_board, title="NBN expert")

    sign_in("asker", PASSWORD)
    url = ask_question(page, nbn_board.name, "Which modem settings for FTTC?")
    page.context.clear_cookies()
    sign_in("helper", PASSWORD)
    reply(page, url, "Use VDSL2 with VLAN tagging off.")
    page.context.clear_cookies()
    sign_in("expert", PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Accept as solution").click()

    expect(page.locator(".badge-verified")).to_have_text("Expert verified")


def test_a_customer_without_rights_sees_no_accept_button_and_a_forged_post_gets_403(
    page, sign_in, nbn_board
):
    UserFactory(username="asker")
    UserFactory(username="helper")
    UserFactory(username="bystander")
    sign_in("asker", PASSWORD)
    url = ask_question(page, nbn_board.name, "Static IP: how do I request one?")
    page.context.clear_cookies()
    sign_in("helper", PASSWORD)
    reply(page, url, "Ask support, it's free on business plans.")
    page.context.clear_cookies()

    sign_in("bystander", PASSWORD)
    page.goto(url)
    expect(page.get_by_role("button", name="Accept as solution")).to_have_count(0)

    thread_id = url.rstrip("/").split("/t/")[1].split("-")[0]
    post_id = page.locator("article.post").nth(1).get_attribute("id")[1:]
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        f"/t/{thread_id}/accept/",
        form={"post": post_id, "csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
    )
    assert response.status == 403
