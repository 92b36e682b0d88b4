"""A case turned into a community thread (anonymised unless the customer agreed
to be named), the consent, and the case page's community sidebar."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Role
from forum.care.models import Case, CaseEvent, CaseMessage, Direction
from forum.care.selectors import search_text
from forum.care.services.community import (
    mask_for_publishing,
    set_publish_consent,
    thread_draft,
    turn_case_into_thread,
)
from forum.models import Thread
from tests.factories import (
    AgentFactory,
    BoardFactory,
    CareContactFactory,
    UserFactory,
    make_case,
)

pytestmark = pytest.mark.django_db

CUSTOMER_TEXT = (
    "@TelcoCare hi, Jane Citizen here (@jane_c). My nbn drops out every night "
    "since the upgrade. Call me on 0412 345 678 or mail jane.citizen@example.com, "
    "account 12345678."
)
PRIVATE = ["@jane_c", "@TelcoCare", "Jane", "Citizen", "0412 345 678", "jane.citizen@"]


@pytest.fixture
def case():
    contact = CareContactFactory(handle="@jane_c", display_name="Jane Citizen")
    return make_case(contact=contact, text=CUSTOMER_TEXT)


@pytest.fixture
def agent():
    return AgentFactory()


@pytest.fixture
def board():
    return BoardFactory(name="NBN & Internet")


def _turn(case, agent, board, *, anonymise=True, body=None):
    title, draft = thread_draft(case)
    return turn_case_into_thread(
        case,
        by=agent,
        board=board,
        title="nbn drops out every night",
        body=draft if body is None else body,
        anonymise=anonymise,
    )


# --- masking ------------------------------------------------------------------------


def test_an_anonymised_thread_holds_no_handle_name_email_or_number(case, agent, board):
    thread = _turn(case, agent, board)

    body = thread.first_post.body
    for private in PRIVATE:
        assert private.lower() not in body.lower()
        assert private.lower() not in thread.first_post.body_html.lower()
    assert "My nbn drops out every night since the upgrade" in body
    assert "[handle]" in body
    assert "[name]" in body
    assert "[email]" in body
    assert "[number]" in body


def test_masking_applies_to_what_the_agent_typed_too(case, agent, board):
    thread = _turn(case, agent, board, body="Thanks jane citizen, @jane_c: fixed.")

    assert thread.first_post.body == "Thanks [name], [handle]: fixed."


def test_with_consent_the_customer_is_named_but_their_contact_details_are_not(
    case, agent, board
):
    set_publish_consent(case, by=agent, consent=True)
    case.refresh_from_db()

    thread = _turn(case, agent, board, anonymise=False)

    body = thread.first_post.body
    assert "Jane Citizen" in body
    assert "`@jane_c`" in body
    for private in ["0412 345 678", "jane.citizen@example.com", "12345678"]:
        assert private not in body


def test_naming_a_customer_who_did_not_agree_is_refused(case, agent, board):
    with pytest.raises(ValidationError) as refused:
        _turn(case, agent, board, anonymise=False)

    assert "anonymise" in refused.value.message_dict
    assert not Thread.objects.exists()
    assert Case.objects.get(pk=case.pk).community_thread is None


def test_a_short_first_name_is_left_alone_but_the_whole_name_is_masked():
    contact = CareContactFactory(handle="@jo", display_name="Jo Li")
    case = make_case(contact=contact, text="jo li: my modem")

    text = "Jo Li says the modem is fine, jo"

    masked = mask_for_publishing(text, case, anonymise=True)

    assert masked == "[name] says the modem is fine, jo"


def test_the_draft_is_prefilled_from_the_inbound_messages_masked(case):
    CaseMessage.objects.create(
        case=case,
        connector=case.connector,
        direction=Direction.INBOUND,
        external_id="second",
        text="Still dropping, @jane_c",
    )
    CaseMessage.objects.create(
        case=case,
        connector=case.connector,
        direction=Direction.OUTBOUND,
        text="Agent reply: not in the draft",
    )

    title, body = thread_draft(case)

    assert "Still dropping, [handle]" in body
    assert "not in the draft" not in body
    assert "0412" not in title and "jane" not in title.lower()


# --- the service's rules ------------------------------------------------------


def test_the_thread_is_posted_by_the_agent_and_recorded_on_the_case(case, agent, board):
    thread = _turn(case, agent, board)

    case.refresh_from_db()
    assert thread.author == agent
    assert thread.board == board
    assert case.community_thread == thread
    event = CaseEvent.objects.get(case=case, kind="thread")
    assert event.actor == agent
    assert event.after == thread.get_absolute_url()


def test_a_case_becomes_a_thread_once(case, agent, board):
    _turn(case, agent, board)

    with pytest.raises(ValidationError):
        _turn(case, agent, board)
    assert Thread.objects.count() == 1


def test_an_agent_cannot_publish_a_case_another_agent_holds(case, agent, board):
    Case.objects.filter(pk=case.pk).update(assignee=AgentFactory())

    with pytest.raises(PermissionDenied):
        _turn(case, agent, board)
    assert not Thread.objects.exists()


def test_a_customer_cannot_publish_a_case(case, board):
    with pytest.raises(PermissionDenied):
        _turn(case, UserFactory(), board)


def test_the_board_posting_rules_apply(case, agent):
    archived = BoardFactory(archived_at=timezone.now())

    with pytest.raises(PermissionDenied):
        _turn(case, agent, archived)
    assert Case.objects.get(pk=case.pk).community_thread is None
    assert not CaseEvent.objects.filter(case=case, kind="thread").exists()


def test_consent_is_recorded_on_the_timeline(case, agent):
    set_publish_consent(case, by=agent, consent=True)
    set_publish_consent(case, by=agent, consent=True)

    assert Case.objects.get(pk=case.pk).publish_consent is True
    notes = CaseEvent.objects.filter(case=case, kind="consent")
    assert notes.count() == 1
    assert notes.get().actor == agent


def test_suggestion_text_drops_handles_contact_details_and_query_syntax(case):
    text = search_text(list(case.messages.values_list("text", flat=True)))

    assert "@" not in text and "0412" not in text and "example" not in text
    assert "nbn drops out every night" in text


# --- the pages ----------------------------------------------------------------------


def test_the_thread_page_is_prefilled_and_masked(client, case, agent):
    client.force_login(agent)

    response = client.get(f"/care/c/{case.reference}/thread/")

    assert response.status_code == 200
    body = response.context["form"].initial["body"]
    assert "[handle]" in body and "jane.citizen" not in body
    assert b"jane.citizen@example.com" not in response.content


def test_posting_the_thread_page_makes_the_thread(client, case, agent, board):
    client.force_login(agent)

    response = client.post(
        f"/care/c/{case.reference}/thread/",
        {
            "board": board.pk,
            "title": "nbn drops out every night",
            "body": "Jane Citizen: nbn drops out since the upgrade.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    thread = Case.objects.get(pk=case.pk).community_thread
    assert thread.first_post.body == "[name]: nbn drops out since the upgrade."


def test_unticking_anonymise_without_consent_still_anonymises(
    client, case, agent, board
):
    client.force_login(agent)

    client.post(
        f"/care/c/{case.reference}/thread/",
        {"board": board.pk, "title": "nbn drops out", "body": "From @jane_c"},
    )

    assert Thread.objects.get().first_post.body == "From [handle]"


def test_an_archived_board_is_a_form_error(client, case, agent):
    archived = BoardFactory(archived_at=timezone.now())
    client.force_login(agent)

    response = client.post(
        f"/care/c/{case.reference}/thread/",
        {"board": archived.pk, "title": "nbn drops out", "body": "Help"},
    )

    assert response.status_code == 200
    assert "board" in response.context["form"].errors
    assert not Thread.objects.exists()


def test_hostile_customer_text_is_escaped_on_the_thread_page(client, agent):
    case = make_case(text='<script>alert("x")</script><img src=x onerror=alert(1)>')
    client.force_login(agent)

    response = client.get(f"/care/c/{case.reference}/thread/")

    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert" in page


def test_a_bad_thread_form_shows_its_errors_and_posts_nothing(client, case, agent):
    client.force_login(agent)

    response = client.post(
        f"/care/c/{case.reference}/thread/", {"board": "", "title": "x", "body": ""}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"board", "title", "body"}
    assert not Thread.objects.exists()


@pytest.mark.parametrize("role", [Role.CUSTOMER])
def test_members_who_are_not_agents_are_refused_the_pages(client, case, role):
    client.force_login(UserFactory(role=role))

    assert client.get(f"/care/c/{case.reference}/thread/").status_code == 403
    response = client.post(f"/care/c/{case.reference}/consent/", {"consent": "yes"})

    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).publish_consent is False


def test_anonymous_visitors_are_sent_to_sign_in(client, case):
    response = client.get(f"/care/c/{case.reference}/thread/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_case_is_a_404(client, agent):
    client.force_login(agent)

    assert client.get("/care/c/C-ZZZZZZZ/thread/").status_code == 404


def test_the_consent_form_records_consent(client, case, agent):
    client.force_login(agent)

    response = client.post(f"/care/c/{case.reference}/consent/", {"consent": "yes"})

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).publish_consent is True


@pytest.mark.parametrize("messages", [1, 10])
def test_the_thread_page_query_count_does_not_grow_with_messages(
    client, case, agent, messages, django_assert_num_queries
):
    for n in range(messages - 1):
        CaseMessage.objects.create(
            case=case,
            connector=case.connector,
            direction=Direction.INBOUND,
            external_id=f"more-{n}",
            author_name="Jane Citizen",
            text=f"Still broken ({n})",
        )
    BoardFactory.create_batch(3)
    client.force_login(agent)
    client.get(f"/care/c/{case.reference}/thread/")  # warms the session and caches

    with django_assert_num_queries(THREAD_PAGE_QUERIES):
        response = client.get(f"/care/c/{case.reference}/thread/")
    assert response.status_code == 200


# The user, the case, its messages (the draft), the boards (the choices are
# read as the select renders and again as its value is checked).
THREAD_PAGE_QUERIES = 5


# --- the sidebar --------------------------------------------------------------------


def _sidebar(case, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "care/includes/_community.html", {"case": case}, request=request
    )


def test_the_sidebar_offers_the_thread_and_consent_to_whoever_may_work_the_case(
    case, agent
):
    html = _sidebar(case, agent)

    assert f"/care/c/{case.reference}/thread/" in html
    assert "The customer agreed to be named" in html


def test_the_sidebar_links_the_thread_once_made(case, agent, board):
    thread = _turn(case, agent, board)
    case.refresh_from_db()

    html = _sidebar(case, agent)

    assert f"/t/{thread.pk}-" in html
    assert "Turn into a community thread" not in html


def test_the_sidebar_offers_nothing_on_a_case_another_agent_holds(case, agent):
    Case.objects.filter(pk=case.pk).update(assignee=AgentFactory())
    case.refresh_from_db()

    html = _sidebar(case, agent)

    assert "Turn into a community thread" not in html
    assert "<form" not in html
