"""The role x action matrix rows for the care desk (pages), gathered
by test_role_matrix. Each row's setup opens a case in the world, unheld unless
the row is about holding: then it is held by the acting member (the holder's
own rights) or by another agent (what only leads may do)."""

from forum.care.models import Case, CaseEvent, CaseMessage, Direction
from tests.factories import AgentFactory, make_case
from tests.security import world as w
from tests.security.matrix import CARE_AGENTS, Action

CARE_LEADS = frozenset({w.MODERATOR, w.MANAGER})


def _case(world, user):
    world.case = make_case(text="Matrix: my nbn drops out every night.")


def _held_by_the_actor(world, user):
    """Held by whoever acts (a visitor holds nothing: the case stays unheld)."""
    _case(world, user)
    if user is not None:
        Case.objects.filter(pk=world.case.pk).update(assignee=user)


def _held_by_another_agent(world, user):
    _case(world, user)
    world.holder = AgentFactory(username="matrix_holder")
    Case.objects.filter(pk=world.case.pk).update(assignee=world.holder)


def _fresh_case(world) -> Case:
    return Case.objects.get(pk=world.case.pk)


def _url(suffix: str = ""):
    return lambda world: f"/care/c/{world.case.reference}/{suffix}"


def _replied(world, user) -> bool:
    return CaseMessage.objects.filter(
        case=world.case, direction=Direction.OUTBOUND, agent=user
    ).exists()


def _reply(world, user):
    return {"text": "Matrix reply: try a line test."}


CARE_ACTIONS = [
    Action(
        "care_view_queue",
        "get",
        lambda world: "/care/",
        CARE_AGENTS,
        setup=_case,
        noop=CARE_AGENTS,
    ),
    Action(
        "care_view_case",
        "get",
        _url(),
        CARE_AGENTS,
        setup=_case,
        noop=CARE_AGENTS,
    ),
    Action(
        "care_claim",
        "post",
        _url("claim/"),
        CARE_AGENTS,
        setup=_case,
        effect=lambda world, user: _fresh_case(world).assignee_id == user.pk,
    ),
    Action(
        "care_take_over",
        "post",
        _url("claim/"),
        CARE_LEADS,
        setup=_held_by_another_agent,
        effect=lambda world, user: _fresh_case(world).assignee_id == user.pk,
    ),
    Action(
        "care_assign",
        "post",
        _url("assign/"),
        CARE_LEADS,
        setup=_case,
        data=lambda world, user: {"assignee": world.users[w.AGENT].pk},
        effect=lambda world, user: (
            _fresh_case(world).assignee_id == world.users[w.AGENT].pk
        ),
    ),
    Action(
        "care_release",
        "post",
        _url("assign/"),
        CARE_AGENTS,
        setup=_held_by_the_actor,
        data=lambda world, user: {"assignee": ""},
        effect=lambda world, user: _fresh_case(world).assignee_id is None,
    ),
    Action(
        "care_reply",
        "post",
        _url("reply/"),
        CARE_AGENTS,
        setup=_case,
        data=_reply,
        effect=_replied,
    ),
    Action(
        "care_reply_on_a_held_case",
        "post",
        _url("reply/"),
        CARE_LEADS,
        setup=_held_by_another_agent,
        data=_reply,
        effect=_replied,
    ),
    Action(
        "care_note",
        "post",
        _url("note/"),
        CARE_AGENTS,
        setup=_held_by_another_agent,
        data=lambda world, user: {"text": "Matrix note"},
        effect=lambda world, user: CaseEvent.objects.filter(
            case=world.case, kind="note", actor=user, text="Matrix note"
        ).exists(),
    ),
    Action(
        "care_status",
        "post",
        _url("status/"),
        CARE_AGENTS,
        setup=_case,
        data=lambda world, user: {"status": "waiting"},
        effect=lambda world, user: _fresh_case(world).status == "waiting",
    ),
    Action(
        "care_priority",
        "post",
        _url("priority/"),
        CARE_AGENTS,
        setup=_case,
        data=lambda world, user: {"priority": "urgent"},
        effect=lambda world, user: _fresh_case(world).priority == "urgent",
    ),
    Action(
        "care_tags",
        "post",
        _url("tags/"),
        CARE_AGENTS,
        setup=_case,
        data=lambda world, user: {"tags": "matrix, outage"},
        effect=lambda world, user: (
            sorted(_fresh_case(world).tags.names()) == ["matrix", "outage"]
        ),
    ),
    Action(
        "care_status_on_a_held_case",
        "post",
        _url("status/"),
        CARE_LEADS,
        setup=_held_by_another_agent,
        data=lambda world, user: {"status": "resolved"},
        effect=lambda world, user: _fresh_case(world).status == "resolved",
    ),
]
