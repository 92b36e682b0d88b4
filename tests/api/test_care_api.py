"""The care desk's API: the queue, one case, every move on it, and the answers
the search suggests; agents only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from forum import services
from forum.care.models import Case, CaseEvent, CaseMessage, Direction
from tests.factories import (
    AgentFactory,
    ArticleFactory,
    BoardFactory,
    CareContactFactory,
    ConnectorFactory,
    UserFactory,
    make_case,
)

API = "/api/v1/care/cases/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return AgentFactory()


@pytest.fixture
def as_agent(api_as, agent):
    return api_as(agent)


def _case(**fields):
    return make_case(**fields)


def _url(case, action=""):
    return f"{API}{case.reference}/" + (f"{action}/" if action else "")


# --- who may call it ---------------------------------------------------------------


def test_anonymous_callers_must_authenticate(api):
    case = _case()
    assert api.get(API).status_code == 401
    assert api.get(_url(case)).status_code == 401
    assert api.post(_url(case, "claim")).status_code == 401


@pytest.mark.parametrize("role", [Role.CUSTOMER])
def test_members_who_are_not_agents_are_refused(api_as, role):
    case = _case()
    client = api_as(UserFactory(role=role))

    assert client.get(API).status_code == 403
    assert client.get(_url(case)).status_code == 403
    response = client.post(_url(case, "claim"))

    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assignee_id is None


@pytest.mark.parametrize("role", [Role.AGENT, Role.MODERATOR, Role.MANAGER])
def test_agents_moderators_and_managers_read_the_queue(api_as, role):
    case = _case()

    response = api_as(UserFactory(role=role)).get(API)

    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [case.reference]


def test_an_unknown_or_malformed_reference_is_a_404(as_agent):
    assert as_agent.get(f"{API}C-ZZZZZZZ/").status_code == 404
    assert as_agent.get(f"{API}nothing/").status_code == 404
    assert as_agent.post(f"{API}C-ZZZZZZZ/claim/").status_code == 404


# --- the list -----------------------------------------------------------------------


def test_the_list_is_ordered_by_the_next_due_time(as_agent):
    now = timezone.now()
    later = _case(opened_at=now - timedelta(minutes=5))
    sooner = _case(opened_at=now - timedelta(minutes=50))
    waiting = _case(opened_at=now - timedelta(minutes=90))
    Case.objects.filter(pk=waiting.pk).update(status="waiting", next_due_at=None)

    rows = as_agent.get(API).json()["results"]

    assert [row["reference"] for row in rows] == [
        sooner.reference,
        later.reference,
        waiting.reference,
    ]


def test_the_list_shows_the_breach_state_and_what_the_caller_may_do(as_agent):
    overdue = _case(opened_at=timezone.now() - timedelta(hours=3))

    row = as_agent.get(API).json()["results"][0]

    assert row["reference"] == overdue.reference
    assert row["breach"] == "breached"
    assert row["can_claim"] is True
    assert row["contact"]["handle"] == overdue.contact.handle


def test_the_list_filters_by_status_network_and_priority(as_agent):
    mail = ConnectorFactory(network="email")
    wanted = _case(connector=mail, priority="high")
    _case(priority="high")
    _case(connector=mail)

    response = as_agent.get(API, {"network": "email", "priority": "high"})
    by_status = as_agent.get(API, {"status": "resolved"})

    assert [r["reference"] for r in response.json()["results"]] == [wanted.reference]
    assert by_status.json()["results"] == []


def test_the_list_filters_by_assignee(as_agent, agent):
    colleague = AgentFactory()
    mine, theirs, nobodys = _case(), _case(), _case()
    Case.objects.filter(pk=mine.pk).update(assignee=agent)
    Case.objects.filter(pk=theirs.pk).update(assignee=colleague)

    def refs(value):
        rows = as_agent.get(API, {"assignee": value}).json()["results"]
        return [row["reference"] for row in rows]

    assert refs("me") == [mine.reference]
    assert refs("none") == [nobodys.reference]
    assert refs(colleague.username) == [theirs.reference]


def test_the_list_filters_cases_breaching_their_targets(as_agent):
    overdue = _case(opened_at=timezone.now() - timedelta(hours=2))
    fresh = _case()

    breaching = as_agent.get(API, {"breaching": "true"}).json()["results"]
    calm = as_agent.get(API, {"breaching": "false"}).json()["results"]

    assert [row["reference"] for row in breaching] == [overdue.reference]
    assert [row["reference"] for row in calm] == [fresh.reference]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "lost"),
        ("network", "myspace"),
        ("priority", "whenever"),
        ("breaching", "yes"),
        ("assignee", "nobody-called-this"),
        ("assignee", ""),
    ],
)
def test_a_filter_with_a_wrong_value_is_a_400_naming_it(as_agent, name, value):
    response = as_agent.get(API, {name: value})

    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_query_count_does_not_grow_with_cases(
    as_agent, count, django_assert_num_queries
):
    connector = ConnectorFactory()
    for n in range(count):
        case = _case(connector=connector)
        case.tags.set([f"tag{n}", "nbn"])
    with django_assert_num_queries(LIST_QUERIES):
        response = as_agent.get(API)
    assert len(response.json()["results"]) == count


# The token (read, its last use stamped), the count, the page with contacts and
# assignees, the tags.
LIST_QUERIES = 5


# --- one case -------------------------------------------------------------------------


def test_a_case_shows_its_contact_targets_and_timeline(as_agent, agent):
    contact = CareContactFactory(handle="@jo_bloggs", display_name="Jo Bloggs")
    case = _case(contact=contact, text="Bill went up by $40")
    services_note = as_agent.post(_url(case, "note"), {"text": "Checking billing."})
    assert services_note.status_code == 201

    data = as_agent.get(_url(case)).json()

    assert data["contact"]["handle"] == "@jo_bloggs"
    assert data["contact"]["member"] is None
    assert data["targets"]["first_response_due"]
    assert data["targets"]["first_response_at"] is None
    timeline = data["timeline"]
    types = [(entry["type"], entry["kind"] or entry["direction"]) for entry in timeline]
    assert types == [
        ("message", "inbound"),
        ("event", "opened"),
        ("event", "note"),
    ]
    assert data["timeline"][2]["internal"] is True
    assert data["timeline"][2]["agent"] == agent.username
    assert data["timeline"][0]["text"] == "Bill went up by $40"


@pytest.mark.parametrize("messages", [1, 10])
def test_the_detail_query_count_does_not_grow_with_the_timeline(
    as_agent, agent, messages, django_assert_num_queries
):
    case = _case()
    for n in range(messages - 1):
        CaseMessage.objects.create(
            case=case,
            connector=case.connector,
            direction=Direction.INBOUND,
            external_id=f"more-{n}",
            text=f"Still broken ({n})",
        )
        CaseEvent.objects.create(case=case, kind="note", actor=agent, text="hm")
    with django_assert_num_queries(DETAIL_QUERIES):
        response = as_agent.get(_url(case))
    assert response.status_code == 200


# The token (read, its last use stamped), the case with its contact, assignee
# and thread, its tags, its messages (agents, links, deliveries), its events.
DETAIL_QUERIES = 6


# --- the moves ------------------------------------------------------------------------


def test_an_agent_claims_an_unheld_case(as_agent, agent):
    case = _case()

    response = as_agent.post(_url(case, "claim"))

    assert response.status_code == 200
    assert response.json()["assignee"] == agent.username
    case.refresh_from_db()
    assert case.assignee == agent
    assert case.status == "open"


def test_a_case_held_by_another_agent_cannot_be_claimed(as_agent):
    case = _case()
    Case.objects.filter(pk=case.pk).update(assignee=AgentFactory())

    response = as_agent.post(_url(case, "claim"))

    assert response.status_code == 403
    assert "detail" in response.json()


def test_a_lead_assigns_a_case_to_an_agent(api_as, agent):
    case = _case()
    lead = api_as(UserFactory(role=Role.MODERATOR))

    response = lead.post(_url(case, "assign"), {"assignee": agent.username})

    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).assignee == agent


def test_an_agent_may_not_assign_a_case_to_someone_else(as_agent):
    case = _case()
    colleague = AgentFactory()

    response = as_agent.post(_url(case, "assign"), {"assignee": colleague.username})

    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assignee_id is None


def test_assigning_to_nobody_known_is_a_400_naming_the_assignee(api_as):
    case = _case()
    lead = api_as(UserFactory(role=Role.MANAGER))

    response = lead.post(_url(case, "assign"), {"assignee": "ghost"})

    assert response.status_code == 400
    assert "assignee" in response.json()


def test_the_holder_releases_a_case(as_agent, agent):
    case = _case()
    Case.objects.filter(pk=case.pk).update(assignee=agent)

    response = as_agent.post(_url(case, "assign"), {"assignee": None})

    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).assignee_id is None


def _public_thread(title="Modem drops out every night"):
    return services.create_thread(
        board=BoardFactory(),
        author=UserFactory(),
        title=title,
        body="Swap the filter.",
    )


def test_a_reply_with_a_thread_link_is_a_social_deflection(as_agent, agent):
    case = _case()
    thread = _public_thread()

    response = as_agent.post(
        _url(case, "reply"),
        {"text": "This thread has the fix.", "thread": thread.pk, "resolve": True},
    )

    assert response.status_code == 201
    case.refresh_from_db()
    assert case.status == "resolved"
    assert case.answered_with_community_at is not None
    reply = case.messages.get(direction=Direction.OUTBOUND)
    assert reply.linked_thread == thread
    assert reply.delivery is not None
    assert thread.get_absolute_url() in reply.text
    outbound = [e for e in response.json()["timeline"] if e["direction"] == "outbound"]
    assert outbound[0]["linked_thread"]["id"] == thread.pk
    assert outbound[0]["delivery"]["status"] == "pending"


def test_a_reply_with_an_article_link(as_agent):
    case = _case()
    article = ArticleFactory(state="published")

    response = as_agent.post(
        _url(case, "reply"), {"text": "See this.", "article": article.pk}
    )

    assert response.status_code == 201
    assert Case.objects.get(pk=case.pk).status == "waiting"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "Hi", "thread": 999999}, "thread"),
        ({"text": "Hi", "article": 999999}, "article"),
        ({"text": "Hi", "thread": 2**70}, "thread"),
        ({"text": "Hi", "colour": "red"}, "colour"),
    ],
)
def test_a_malformed_reply_is_a_400_naming_the_field_and_sends_nothing(
    as_agent, body, field
):
    case = _case()

    response = as_agent.post(_url(case, "reply"), body)

    assert response.status_code == 400
    assert field in response.json()
    assert not case.messages.filter(direction=Direction.OUTBOUND).exists()


def test_a_reply_linking_an_unpublished_article_is_refused(as_agent):
    case = _case()
    draft = ArticleFactory(state="draft")

    response = as_agent.post(_url(case, "reply"), {"text": "Hi", "article": draft.pk})

    assert response.status_code == 400
    assert "article" in response.json()
    assert Case.objects.get(pk=case.pk).answered_with_community_at is None


def test_a_reply_naming_a_thread_and_an_article_is_refused(as_agent):
    case = _case()
    body = {
        "text": "Hi",
        "thread": _public_thread().pk,
        "article": ArticleFactory(state="published").pk,
    }

    response = as_agent.post(_url(case, "reply"), body)

    assert response.status_code == 400
    assert "article" in response.json()


def test_status_priority_and_tags_change_through_the_api(as_agent):
    case = _case()

    status = as_agent.post(_url(case, "status"), {"status": "waiting"})
    priority = as_agent.post(_url(case, "priority"), {"priority": "urgent"})
    response = as_agent.post(_url(case, "tags"), {"tags": ["NBN", "outage"]})

    assert (status.status_code, priority.status_code) == (200, 200)
    assert response.status_code == 200
    assert response.json()["tags"] == ["nbn", "outage"]
    case.refresh_from_db()
    assert (case.status, case.priority) == ("waiting", "urgent")


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("status", {"status": "lost"}, "status"),
        ("status", {}, "status"),
        ("priority", {"priority": 3}, "priority"),
        ("tags", {"tags": [f"t{n}" for n in range(11)]}, "tags"),
        ("tags", {"tags": "nbn"}, "tags"),
        ("note", {"text": ""}, "text"),
        ("assign", {}, "assignee"),
    ],
)
def test_a_malformed_move_is_a_400_naming_the_field(as_agent, action, body, field):
    case = _case()

    response = as_agent.post(_url(case, action), body)

    assert response.status_code == 400
    assert field in response.json()
    assert not CaseEvent.objects.filter(case=case).exclude(kind="opened").exists()


def test_an_agent_cannot_change_a_case_another_agent_holds(as_agent):
    case = _case()
    Case.objects.filter(pk=case.pk).update(assignee=AgentFactory())

    for action, body in [
        ("status", {"status": "resolved"}),
        ("priority", {"priority": "low"}),
        ("tags", {"tags": ["x"]}),
        ("reply", {"text": "Hello"}),
    ]:
        assert as_agent.post(_url(case, action), body).status_code == 403
    case.refresh_from_db()
    assert (case.status, case.priority) == ("new", "normal")


# --- suggestions ----------------------------------------------------------------------


def test_suggestions_come_from_the_search_over_the_case_text(as_agent):
    thread = _public_thread("Voicemail greeting keeps resetting")
    case = _case(text="@telco my voicemail greeting keeps resetting!! 0412 345 678")

    response = as_agent.get(_url(case, "suggestions"))

    assert response.status_code == 200
    assert response.json()[0]["id"] == thread.pk
    assert response.json()[0]["kind"] == "thread"


def test_suggestions_for_text_that_asks_nothing_are_empty(as_agent):
    case = _case(text="@telco !!!")

    response = as_agent.get(_url(case, "suggestions"))

    assert response.status_code == 200
    assert response.json() == []


# --- the doorway ----------------------------------------------------------------------


def test_a_session_write_without_the_csrf_token_is_refused(agent):
    from rest_framework.test import APIClient

    case = _case()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(_url(case, "claim"))

    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assignee_id is None


def test_every_case_operation_is_in_the_openapi_schema(api):
    paths = api.get("/api/v1/schema/", {"format": "json"}).json()["paths"]

    case = "/api/v1/care/cases/{reference}/"
    assert "get" in paths["/api/v1/care/cases/"]
    assert "get" in paths[case]
    assert "get" in paths[case + "suggestions/"]
    for action in ("claim", "assign", "reply", "note", "status", "priority", "tags"):
        assert "post" in paths[f"{case}{action}/"], action
