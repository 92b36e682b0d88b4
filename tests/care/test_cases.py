"""The case workflow services (forum.care.services.cases): who may claim, assign,
reply, note and change a case, what each change does to the case, its targets
and its timeline, and that a refusal changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum.care.models import (
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    Direction,
    ResponseTarget,
)
from forum.care.services import cases as services
from forum.deflection.models import Delivery
from tests.factories import (
    AgentFactory,
    ArticleFactory,
    ThreadFactory,
    make_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return AgentFactory(username="alex")


@pytest.fixture
def other_agent():
    return AgentFactory(username="bea")


@pytest.fixture
def case():
    return make_case(text="My nbn drops out every night.")


def kinds(case) -> list[str]:
    return list(case.events.order_by("pk").values_list("kind", flat=True))


# --- claim ----------------------------------------------------------------------------


def test_an_agent_claims_an_unheld_case_and_it_opens(case, agent):
    services.claim_case(case, by=agent)

    case.refresh_from_db()
    assert case.assignee == agent
    assert case.status == CaseStatus.OPEN
    assert case.next_due_at == case.first_response_due
    assert kinds(case) == [CaseEventKind.OPENED, CaseEventKind.CLAIMED]


def test_an_agent_cannot_claim_a_case_another_agent_holds(case, agent, other_agent):
    services.claim_case(case, by=other_agent)

    with pytest.raises(PermissionDenied):
        services.claim_case(case, by=agent)

    case.refresh_from_db()
    assert case.assignee == other_agent
    assert case.events.filter(kind=CaseEventKind.CLAIMED).count() == 1


def test_a_lead_takes_a_case_over_from_its_holder(case, agent, moderator):
    services.claim_case(case, by=agent)

    services.claim_case(case, by=moderator)

    case.refresh_from_db()
    assert case.assignee == moderator
    last = case.events.order_by("pk").last()
    assert (last.before, last.after) == (agent.username, moderator.username)


def test_claiming_a_case_you_hold_says_so(case, agent):
    services.claim_case(case, by=agent)

    with pytest.raises(ValidationError, match="already hold"):
        services.claim_case(case, by=agent)


def test_a_resolved_case_is_reopened_before_it_is_claimed(case, agent):
    services.set_status(case, status=CaseStatus.RESOLVED, by=agent)

    with pytest.raises(ValidationError, match="resolved"):
        services.claim_case(case, by=agent)
    assert case.__class__.objects.get(pk=case.pk).assignee is None


def test_a_customer_cannot_claim_a_case(case, customer):
    with pytest.raises(PermissionDenied):
        services.claim_case(case, by=customer)

    case.refresh_from_db()
    assert case.assignee is None


def test_a_suspended_agent_cannot_claim_a_case(case, agent):
    agent.suspended_until = timezone.now() + timedelta(days=1)
    agent.save(update_fields=["suspended_until"])

    with pytest.raises(PermissionDenied):
        services.claim_case(case, by=agent)


# --- assign and release ---------------------------------------------------------------


def test_a_lead_assigns_a_case_to_an_agent(case, agent, manager):
    services.assign_case(case, to=agent, by=manager)

    case.refresh_from_db()
    assert case.assignee == agent
    assert kinds(case)[-1] == CaseEventKind.ASSIGNED


def test_the_holder_releases_a_case(case, agent):
    services.claim_case(case, by=agent)

    services.assign_case(case, to=None, by=agent)

    case.refresh_from_db()
    assert case.assignee is None
    assert kinds(case)[-1] == CaseEventKind.RELEASED


def test_an_agent_cannot_hand_their_case_to_someone_else(case, agent, other_agent):
    services.claim_case(case, by=agent)

    with pytest.raises(PermissionDenied, match="lead"):
        services.assign_case(case, to=other_agent, by=agent)

    case.refresh_from_db()
    assert case.assignee == agent


def test_an_agent_cannot_release_a_case_someone_else_holds(case, agent, other_agent):
    services.claim_case(case, by=other_agent)

    with pytest.raises(PermissionDenied):
        services.assign_case(case, to=None, by=agent)


def test_cases_go_to_agents_and_staff_only(case, manager, customer):
    with pytest.raises(ValidationError) as refusal:
        services.assign_case(case, to=customer, by=manager)

    assert "assignee" in refusal.value.error_dict
    case.refresh_from_db()
    assert case.assignee is None


# --- reply ----------------------------------------------------------------------------


def test_replying_claims_the_case_answers_it_and_queues_the_delivery(case, agent):
    message = services.reply_to_case(case, by=agent, text="Sorry to hear! DM us.")

    case.refresh_from_db()
    assert message.direction == Direction.OUTBOUND
    assert message.agent == agent
    assert case.assignee == agent
    assert case.first_response_at == message.sent_at
    assert case.status == CaseStatus.WAITING
    assert case.next_due_at is None
    delivery = Delivery.objects.get(pk=message.delivery_id)
    assert delivery.event == "care.reply"
    assert delivery.payload["case"] == case.reference
    assert delivery.payload["text"] == "Sorry to hear! DM us."


def test_a_reply_that_links_a_solved_thread_counts_as_answered_with_community(
    case, agent
):
    thread = ThreadFactory(title="NBN drops out at night")

    message = services.reply_to_case(
        case, by=agent, text="This fixed it for others:", thread=thread
    )

    case.refresh_from_db()
    assert message.linked_thread == thread
    assert message.text.startswith("This fixed it for others:\n")
    assert message.text.endswith(thread.get_absolute_url())
    assert case.answered_with_community_at == message.sent_at
    assert CaseEventKind.LINKED in kinds(case)


def test_a_reply_can_link_a_published_article(case, agent):
    article = ArticleFactory()

    message = services.reply_to_case(case, by=agent, text="Steps:", article=article)

    assert message.linked_article == article
    assert article.get_absolute_url() in message.text


def test_a_reply_cannot_link_a_hidden_thread_and_nothing_is_sent(case, agent):
    hidden = ThreadFactory(is_hidden=True)

    with pytest.raises(ValidationError) as refusal:
        services.reply_to_case(case, by=agent, text="See this", thread=hidden)

    assert "thread" in refusal.value.error_dict
    assert not CaseMessage.objects.filter(direction=Direction.OUTBOUND).exists()
    assert not Delivery.objects.exists()


def test_a_reply_cannot_link_a_draft_article(case, agent):
    with pytest.raises(ValidationError):
        services.reply_to_case(
            case, by=agent, text="See", article=ArticleFactory(state="draft")
        )
    case.refresh_from_db()
    assert case.answered_with_community_at is None


def test_resolving_with_the_reply_stops_the_clocks(case, agent):
    message = services.reply_to_case(case, by=agent, text="Fixed.", resolve=True)

    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.resolved_at == message.sent_at
    assert case.next_due_at is None


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_an_empty_or_overlong_reply_is_refused(case, agent, text):
    with pytest.raises(ValidationError) as refusal:
        services.reply_to_case(case, by=agent, text=text)

    assert "text" in refusal.value.error_dict
    assert case.messages.count() == 1


def test_an_agent_cannot_reply_on_a_case_another_agent_holds(case, agent, other_agent):
    services.claim_case(case, by=other_agent)

    with pytest.raises(PermissionDenied):
        services.reply_to_case(case, by=agent, text="Hello")

    assert case.messages.count() == 1


def test_the_first_response_time_is_kept_on_later_replies(case, agent):
    first = services.reply_to_case(case, by=agent, text="First")
    services.reply_to_case(case, by=agent, text="Second")

    case.refresh_from_db()
    assert case.first_response_at == first.sent_at


# --- notes ----------------------------------------------------------------------------


def test_any_agent_leaves_a_note_on_a_case_someone_else_holds(case, agent, other_agent):
    services.claim_case(case, by=other_agent)

    note = services.add_note(case, by=agent, text="Customer called too.")

    assert note.kind == CaseEventKind.NOTE
    assert note.actor == agent
    assert note.text == "Customer called too."


def test_a_customer_cannot_leave_a_note(case, customer):
    with pytest.raises(PermissionDenied):
        services.add_note(case, by=customer, text="Hi")

    assert not CaseEvent.objects.filter(kind=CaseEventKind.NOTE).exists()


# --- status, priority, tags -----------------------------------------------------------


def test_waiting_on_the_customer_stops_the_clock_and_reopening_starts_it(case, agent):
    services.set_status(case, status=CaseStatus.WAITING, by=agent)
    case.refresh_from_db()
    assert case.next_due_at is None

    services.set_status(case, status=CaseStatus.OPEN, by=agent)

    case.refresh_from_db()
    assert case.next_due_at == case.first_response_due


def test_a_reopened_answered_case_runs_against_its_resolution_target(case, agent):
    services.reply_to_case(case, by=agent, text="Done", resolve=True)

    services.set_status(case, status=CaseStatus.OPEN, by=agent)

    case.refresh_from_db()
    assert case.resolved_at is None
    assert case.next_due_at == case.resolution_due


def test_an_unknown_status_is_refused(case, agent):
    with pytest.raises(ValidationError):
        services.set_status(case, status="closed", by=agent)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_a_higher_priority_brings_the_targets_forward(case, agent):
    ResponseTarget.objects.create(priority="urgent", first_response_minutes=15)

    services.set_priority(case, priority="urgent", by=agent)

    case.refresh_from_db()
    assert case.first_response_due == case.opened_at + timedelta(minutes=15)
    assert case.next_due_at == case.first_response_due
    assert kinds(case)[-1] == CaseEventKind.PRIORITY


def test_tags_are_cleaned_and_recorded(case, agent):
    services.set_tags(case, tags=" NBN, outage ,nbn,, ", by=agent)

    assert sorted(case.tags.names()) == ["nbn", "outage"]
    assert case.events.get(kind=CaseEventKind.TAGS).after == "nbn, outage"


def test_too_many_tags_are_refused(case, agent):
    with pytest.raises(ValidationError) as refusal:
        services.set_tags(case, tags=[f"t{n}" for n in range(11)], by=agent)

    assert "tags" in refusal.value.error_dict
    assert list(case.tags.names()) == []


def test_an_agent_cannot_change_a_case_another_agent_holds(case, agent, other_agent):
    services.claim_case(case, by=other_agent)

    for change in (
        lambda: services.set_status(case, status=CaseStatus.RESOLVED, by=agent),
        lambda: services.set_priority(case, priority="high", by=agent),
        lambda: services.set_tags(case, tags="x", by=agent),
    ):
        with pytest.raises(PermissionDenied):
            change()

    case.refresh_from_db()
    assert (case.status, case.priority) == (CaseStatus.OPEN, "normal")
    assert list(case.tags.names()) == []
