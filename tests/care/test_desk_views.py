"""The agents' desk pages (forum.care.views.desk): who gets in, the queue's order,
filters and breach warnings, the case page's contents, each action's wiring
(a success redirects with a message, a refusal comes back on its form and changes
nothing), and query counts that do not grow with cases or messages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.care.models import (
    Case,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    Direction,
)
from forum.care.services import cases as services
from tests.care.desk_support import case_opened, solved_thread
from tests.factories import (
    AgentFactory,
    ArticleFactory,
    CareContactFactory,
    ConnectorFactory,
    ThreadFactory,
    UserFactory,
    make_case,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("care:queue")


@pytest.fixture
def agent():
    return AgentFactory(username="alex")


@pytest.fixture
def other_agent():
    return AgentFactory(username="bea")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def url(name: str, case) -> str:
    return reverse(f"care:{name}", args=[case.reference])


def references(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


def queries_for(client, address) -> int:
    client.get(address)  # the first request warms per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


# --- who gets in ----------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client):
    case = make_case()

    for address in (QUEUE, case.get_absolute_url()):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_customers_are_refused_the_desk(client, customer):
    case = make_case()
    client.force_login(customer)

    assert client.get(QUEUE).status_code == 403
    assert client.get(case.get_absolute_url()).status_code == 403
    assert client.post(url("claim", case)).status_code == 403
    case.refresh_from_db()
    assert case.assignee is None


@pytest.mark.parametrize("role", ["moderator", "manager"])
def test_moderators_and_managers_work_the_desk(client, role, request):
    client.force_login(request.getfixturevalue(role))

    assert client.get(QUEUE).status_code == 200


def test_an_unknown_case_is_not_found(agent_client):
    assert agent_client.get("/care/c/C-NOSUCH1/").status_code == 404


def test_the_header_links_agents_to_the_desk(agent_client):
    response = agent_client.get("/")

    assert f'href="{QUEUE}">Care desk</a>' in response.text


# --- the queue ------------------------------------------------------------------------


def test_the_queue_sorts_by_time_to_breach_then_lists_cases_waiting_on_customers(
    agent_client, agent
):
    later = case_opened(5)
    waiting = case_opened(200)
    services.set_status(waiting, status=CaseStatus.WAITING, by=agent)
    overdue = case_opened(90)
    soon = case_opened(50)
    resolved = case_opened(100)
    services.set_status(resolved, status=CaseStatus.RESOLVED, by=agent)

    response = agent_client.get(QUEUE)

    assert references(response) == [
        overdue.reference,
        soon.reference,
        later.reference,
        waiting.reference,
    ]


def test_the_queue_warns_in_words_of_breached_and_nearly_breached_cases(agent_client):
    case_opened(125)
    case_opened(50)
    case_opened(5)

    text = agent_client.get(QUEUE).text

    assert "Breached:</strong> overdue by 1 h 5 min" in text
    assert "Due soon:</strong> due in 10 min" in text
    assert "due in 55 min" in text
    assert text.count('class="care-row due-breached"') == 1
    assert text.count('class="care-row due-warning"') == 1


def test_a_row_shows_the_customer_the_latest_words_priority_and_assignee(
    agent_client, agent
):
    contact = CareContactFactory(handle="@jo_nbn", display_name="Jo Citizen")
    case = make_case(contact=contact, text="Internet down again in Fitzroy")
    services.claim_case(case, by=agent)

    text = agent_client.get(QUEUE).text

    for shown in ("@jo_nbn", "Jo Citizen", "Internet down again in Fitzroy", "Alex"):
        assert shown in text
    assert f'action="{url("claim", case)}"' not in text


def test_the_queue_offers_a_claim_button_on_unheld_cases(agent_client):
    case = make_case()

    assert f'action="{url("claim", case)}"' in agent_client.get(QUEUE).text


def test_mine_and_unassigned_filters(agent_client, agent, other_agent):
    mine, theirs, nobodys = make_case(), make_case(), make_case()
    services.claim_case(mine, by=agent)
    services.claim_case(theirs, by=other_agent)

    assert references(agent_client.get(QUEUE, {"scope": "mine"})) == [mine.reference]
    assert references(agent_client.get(QUEUE, {"scope": "unassigned"})) == [
        nobodys.reference
    ]
    assert len(references(agent_client.get(QUEUE))) == 3


def test_network_priority_tag_and_status_filters(agent_client, agent):
    mail = make_case(connector=ConnectorFactory(network="email"))
    urgent = make_case(priority="urgent")
    tagged = make_case()
    services.set_tags(tagged, tags="outage", by=agent)
    done = make_case()
    services.set_status(done, status=CaseStatus.RESOLVED, by=agent)

    assert references(agent_client.get(QUEUE, {"network": "email"})) == [mail.reference]
    assert references(agent_client.get(QUEUE, {"priority": "urgent"})) == [
        urgent.reference
    ]
    assert references(agent_client.get(QUEUE, {"tag": "outage"})) == [tagged.reference]
    assert references(agent_client.get(QUEUE, {"status": "resolved"})) == [
        done.reference
    ]


def test_the_breaching_filter_keeps_breached_and_nearly_breached_cases(agent_client):
    overdue, soon = case_opened(90), case_opened(50)
    case_opened(5)

    response = agent_client.get(QUEUE, {"breaching": "1"})

    assert references(response) == [overdue.reference, soon.reference]


def test_nonsense_filters_are_ignored_rather_than_refused(agent_client):
    case = make_case()

    response = agent_client.get(
        QUEUE,
        {"scope": "x", "network": "<b>", "status": "??", "priority": "9", "page": "z"},
    )

    assert response.status_code == 200
    assert references(response) == [case.reference]


def test_the_queue_query_count_does_not_grow_with_cases(agent_client, agent):
    first = make_case()
    services.set_tags(first, tags="nbn, outage", by=agent)
    before = queries_for(agent_client, QUEUE)

    for n in range(19):
        case = make_case(text=f"Problem {n}")
        services.set_tags(case, tags=f"tag{n}, nbn", by=agent)
        if n % 2:
            services.claim_case(case, by=agent)

    assert queries_for(agent_client, QUEUE) == before


# --- the case page --------------------------------------------------------------------


def test_the_case_page_shows_the_customer_their_member_and_earlier_cases(
    agent_client,
):
    member = UserFactory(username="jo", display_name="Jo Member")
    contact = CareContactFactory(
        handle="@jo_nbn", display_name="Jo Citizen", member=member
    )
    earlier = make_case(contact=contact, text="Old problem")
    case = make_case(contact=contact, text="New problem")

    text = agent_client.get(case.get_absolute_url()).text

    assert "@jo_nbn" in text and "Jo Citizen" in text
    assert reverse("accounts:profile", args=["jo"]) in text
    assert f'href="{earlier.get_absolute_url()}">{earlier.reference}</a>' in text


def test_the_timeline_merges_messages_notes_and_events_with_delivery_status(
    agent_client, agent
):
    case = make_case(text="Help, no dial tone")
    services.add_note(case, by=agent, text="Checked the outage map.")
    reply = services.reply_to_case(case, by=agent, text="Can you DM your address?")

    text = agent_client.get(case.get_absolute_url()).text

    order = [
        text.index("Help, no dial tone"),
        text.index("Internal note"),
        text.index("Checked the outage map."),
        text.index("Can you DM your address?"),
    ]
    assert order == sorted(order)
    assert f'id="message-{reply.pk}"' in text
    assert "Delivery: pending" in text or "Delivery: delivered" in text


def test_a_failed_delivery_shows_its_attempts(agent_client, agent):
    case = make_case()
    reply = services.reply_to_case(case, by=agent, text="Hello")
    reply.delivery.status = "failed"
    reply.delivery.attempts = 5
    reply.delivery.save()

    text = agent_client.get(case.get_absolute_url()).text

    assert "Delivery: failed after 5 attempts" in text


def test_the_targets_say_when_they_fall_due_and_a_breach_in_words(agent_client):
    case = case_opened(125)

    text = agent_client.get(case.get_absolute_url()).text

    assert "First response" in text
    assert "<strong>Breached:</strong> overdue by 1 h 5 min" in text


def test_untrusted_text_is_escaped_and_only_web_links_are_linked(agent_client):
    contact = CareContactFactory(
        handle="@<script>x()</script>", display_name="<img src=x onerror=y()>"
    )
    case = make_case(contact=contact, text="<b onclick=z()>hi</b>")
    CaseMessage.objects.filter(case=case).update(url="javascript:alert(1)")

    for address in (QUEUE, case.get_absolute_url()):
        text = agent_client.get(address).text
        assert "<script>x()" not in text
        assert "<img src=x" not in text
        assert "<b onclick" not in text
        assert "&lt;b onclick=z()&gt;hi&lt;/b&gt;" in text
        assert "javascript:" not in text


def test_a_network_link_to_the_post_is_shown(agent_client):
    case = make_case()
    CaseMessage.objects.filter(case=case).update(url="https://x.com/jo/status/1")

    text = agent_client.get(case.get_absolute_url()).text

    assert 'href="https://x.com/jo/status/1"' in text


def test_the_reply_form_offers_suggested_community_answers_marked(agent_client):
    thread = solved_thread(
        "NBN drops out every night", solution="Ask for a line test at night."
    )
    case = make_case(text="@telco my nbn drops out every night #fail")

    text = agent_client.get(case.get_absolute_url()).text

    assert f'value="thread:{thread.pk}"' in text
    assert "NBN drops out every night" in text
    assert '<span class="badge badge-solved">Solved</span>' in text


def test_the_case_page_query_count_does_not_grow_with_messages(agent_client, agent):
    case = make_case(text="Modem lights blink")
    services.reply_to_case(case, by=agent, text="Reply 0")
    before = queries_for(agent_client, case.get_absolute_url())

    for n in range(1, 20):
        CaseMessage.objects.create(
            case=case,
            connector=case.connector,
            direction=Direction.INBOUND,
            external_id=f"more-{n}",
            text="Modem lights blink",
            author_handle=case.contact.handle,
        )
        services.reply_to_case(case, by=agent, text=f"Reply {n}")
        services.add_note(case, by=agent, text=f"Note {n}")

    assert queries_for(agent_client, case.get_absolute_url()) == before


def test_the_case_page_query_count_does_not_grow_with_earlier_cases_or_tags(
    client, manager
):
    client.force_login(manager)
    case = make_case()
    before = queries_for(client, case.get_absolute_url())

    for _ in range(20):
        make_case(contact=case.contact)
        AgentFactory()
    services.set_tags(case, tags=[f"t{n}" for n in range(10)], by=manager)

    assert queries_for(client, case.get_absolute_url()) == before


# --- actions --------------------------------------------------------------------------


def test_claiming_from_the_queue_opens_the_case_with_a_message(agent_client, agent):
    case = make_case()

    response = agent_client.post(url("claim", case), follow=True)

    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert f"You hold case {case.reference}." in response.text
    case.refresh_from_db()
    assert case.assignee == agent


def test_claiming_a_case_someone_holds_is_refused_on_the_page(
    agent_client, other_agent
):
    case = make_case()
    services.claim_case(case, by=other_agent)

    response = agent_client.post(url("claim", case))

    assert response.status_code == 403
    assert "Another agent holds this case." in response.text
    case.refresh_from_db()
    assert case.assignee == other_agent


def test_a_reply_with_a_suggested_solved_thread_and_resolve(agent_client, agent):
    thread = solved_thread("Modem lights blink orange", solution="Reset it.")
    case = make_case(text="my modem lights blink orange")

    response = agent_client.post(
        url("reply", case),
        {"text": "This should help:", "link": f"thread:{thread.pk}", "resolve": "on"},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.answered_with_community_at is not None
    message = case.messages.get(direction=Direction.OUTBOUND)
    assert message.linked_thread == thread
    assert thread.get_absolute_url() in message.text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"text": ""}, "Write something first."),
        ({"text": "Hi", "link": "javascript:1"}, "Choose one of the suggested"),
        ({"text": "Hi", "link": "thread:999999"}, "no longer available"),
        ({"text": "Hi", "address": "https://evil.example/x"}, "Give the address"),
        ({"text": "Hi", "address": "/t/999999-gone/"}, "no longer available"),
        (
            {"text": "Hi", "link": "thread:1", "address": "/t/1-x/"},
            "Link one answer",
        ),
    ],
)
def test_a_bad_reply_comes_back_with_its_error_and_sends_nothing(
    agent_client, data, error
):
    case = make_case()

    response = agent_client.post(url("reply", case), data)

    assert response.status_code == 400
    assert error in response.text
    assert not case.messages.filter(direction=Direction.OUTBOUND).exists()


def test_a_reply_linking_a_hidden_thread_is_refused_on_the_form(agent_client):
    hidden = ThreadFactory(is_hidden=True)
    case = make_case()

    response = agent_client.post(
        url("reply", case), {"text": "See", "link": f"thread:{hidden.pk}"}
    )

    assert response.status_code == 400
    assert "That thread is not public." in response.text
    assert case.messages.count() == 1


def test_an_internal_note_is_added_and_marked_internal(agent_client):
    case = make_case()

    response = agent_client.post(
        url("note", case), {"text": "VIP customer"}, follow=True
    )

    assert "Note added." in response.text
    assert "Internal note" in response.text and "VIP customer" in response.text
    assert case.events.filter(kind=CaseEventKind.NOTE, text="VIP customer").exists()


def test_status_priority_and_tags_are_changed_from_the_page(agent_client):
    case = make_case()

    agent_client.post(url("status", case), {"status": "waiting"})
    agent_client.post(url("priority", case), {"priority": "high"})
    agent_client.post(url("tags", case), {"tags": "billing, refund"})

    case.refresh_from_db()
    assert (case.status, case.priority) == ("waiting", "high")
    assert sorted(case.tags.names()) == ["billing", "refund"]


def test_a_status_outside_the_list_is_refused_on_the_form(agent_client):
    case = make_case()

    response = agent_client.post(url("status", case), {"status": "closed"})

    assert response.status_code == 400
    assert "Choose a status from the list." in response.text
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW


def test_too_many_tags_come_back_on_the_tags_form(agent_client):
    case = make_case()

    response = agent_client.post(
        url("tags", case), {"tags": ",".join(f"t{n}" for n in range(11))}
    )

    assert response.status_code == 400
    assert "At most 10 tags." in response.text


def test_a_lead_assigns_a_case_and_the_holder_sees_a_release_button(
    client, manager, agent
):
    case = make_case()
    client.force_login(manager)
    page = client.get(case.get_absolute_url()).text
    assert 'name="assignee"' in page and "Alex" in page

    client.post(url("assign", case), {"assignee": agent.pk})

    case.refresh_from_db()
    assert case.assignee == agent
    client.force_login(agent)
    assert "Release the case" in client.get(case.get_absolute_url()).text


def test_the_holder_releases_the_case(agent_client, agent):
    case = make_case()
    services.claim_case(case, by=agent)

    response = agent_client.post(url("assign", case), {"assignee": ""}, follow=True)

    assert "The case is released." in response.text
    case.refresh_from_db()
    assert case.assignee is None


def test_an_agent_cannot_assign_to_someone_else(agent_client, agent, other_agent):
    case = make_case()
    services.claim_case(case, by=agent)

    response = agent_client.post(url("assign", case), {"assignee": other_agent.pk})

    assert response.status_code == 403
    assert "Only a lead assigns cases to someone else." in response.text
    case.refresh_from_db()
    assert case.assignee == agent


def test_assigning_to_someone_who_is_not_an_agent_is_refused(client, manager):
    case = make_case()
    client.force_login(manager)

    response = client.post(url("assign", case), {"assignee": UserFactory().pk})

    assert response.status_code == 400
    assert "Choose an agent from the list." in response.text
    assert Case.objects.get(pk=case.pk).assignee is None


def test_a_held_case_hides_the_work_forms_from_other_agents(agent_client, other_agent):
    case = make_case()
    services.claim_case(case, by=other_agent)

    text = agent_client.get(case.get_absolute_url()).text

    assert url("reply", case) not in text
    assert url("status", case) not in text
    assert url("note", case) in text
    assert "Bea holds this case" in text


def test_the_desk_actions_take_posts_only(agent_client):
    case = make_case()

    for name in ("claim", "assign", "reply", "note", "status", "priority", "tags"):
        assert agent_client.get(url(name, case)).status_code == 405


def test_an_overdue_case_page_shows_the_breach_banner(agent_client):
    case = make_case(opened_at=timezone.now() - timedelta(hours=3))

    text = agent_client.get(case.get_absolute_url()).text

    assert 'class="care-breach-banner care-due-breached"' in text


def test_a_lead_is_offered_to_take_over_a_held_case_in_the_queue(
    client, manager, agent
):
    case = make_case()
    services.claim_case(case, by=agent)
    client.force_login(manager)

    text = client.get(QUEUE).text

    assert f'aria-label="Take over {case.reference}"' in text


def test_status_changes_read_as_labels_on_the_timeline(agent_client, agent):
    case = make_case()
    services.set_status(case, status=CaseStatus.WAITING, by=agent)

    text = agent_client.get(case.get_absolute_url()).text

    assert "Changed the status: New → Waiting on customer" in text


def test_a_reply_links_an_article_by_its_address(agent_client):
    article = ArticleFactory(title="Set up voicemail")
    case = make_case()

    agent_client.post(
        url("reply", case),
        {
            "text": "Here:",
            "address": f"https://crowd.example{article.get_absolute_url()}",
        },
    )

    message = case.messages.get(direction=Direction.OUTBOUND)
    assert message.linked_article == article


def test_replying_on_a_case_another_agent_just_claimed_says_why(
    agent_client, other_agent
):
    case = make_case()
    services.claim_case(case, by=other_agent)

    response = agent_client.post(url("reply", case), {"text": "Hello"})

    assert response.status_code == 403
    assert '<p class="form-errors care-refusal" role="alert">Another agent holds' in (
        response.text
    )
    assert case.messages.count() == 1


def test_the_queue_is_paginated(agent_client):
    cases = [case_opened(60 - n) for n in range(21)]

    first = agent_client.get(QUEUE)
    second = agent_client.get(QUEUE, {"page": 2})

    assert len(references(first)) == 20
    assert references(second) == [cases[-1].reference]


@pytest.mark.parametrize("text", ["\x00 hello", "x" * 10_001])
def test_hostile_reply_text_is_a_form_error_not_a_crash(agent_client, text):
    case = make_case()

    response = agent_client.post(url("reply", case), {"text": text})

    assert response.status_code == 400
    assert case.messages.count() == 1


def test_an_erased_customer_shows_no_personal_data(agent_client):
    contact = CareContactFactory(handle="@someone", display_name="Some One")
    case = make_case(contact=contact)
    contact.erased_at = timezone.now()
    contact.save()

    text = agent_client.get(case.get_absolute_url()).text

    start = text.index('<section class="card care-customer"')
    customer = text[start : text.index("</section>", start)]
    assert "Personal data removed on" in customer
    assert "@someone" not in customer and "Some One" not in customer


def test_an_empty_queue_says_whether_its_filters_hid_the_cases(client):
    from tests.factories import AgentFactory

    client.force_login(AgentFactory())

    unfiltered = client.get("/care/").content.decode()
    filtered = client.get("/care/?scope=mine").content.decode()

    assert "No cases waiting" in unfiltered
    assert "No cases match these filters" in filtered
    assert 'href="/care/"' in filtered
