"""The role x action matrix rows for the care desk's API and its way into the
community (the thread page and the consent), gathered by test_role_matrix.

Each row's setup opens a case nobody holds (or, for the release, one the acting
member holds): the holder rules are the services' tests' business; here every
agent, moderator and manager may act, and everyone else is refused."""

from forum.care.models import Case, CaseEvent, CaseMessage, Direction
from tests.factories import make_case
from tests.security import world as w
from tests.security.matrix import CARE_AGENTS, Action

API = "/api/v1/care/cases"
LEADS = frozenset({w.MODERATOR, w.MANAGER})


def _case(world, user):
    world.case = make_case(text="My nbn drops out every evening, @jane_c here.")


def _held_by_user(world, user):
    _case(world, user)
    if user is not None:
        Case.objects.filter(pk=world.case.pk).update(assignee=user)


def _fresh(world) -> Case:
    return Case.objects.get(pk=world.case.pk)


def _api(suffix: str = ""):
    return lambda world: f"{API}/{world.case.reference}/{suffix}"


def _page(suffix: str):
    return lambda world: f"/care/c/{world.case.reference}/{suffix}"


def _replied(world, user) -> bool:
    return CaseMessage.objects.filter(
        case=world.case, direction=Direction.OUTBOUND, agent=user
    ).exists()


def _api_move(name, suffix, data, effect, *, allowed=CARE_AGENTS, setup=_case):
    return Action(
        name,
        "post",
        _api(suffix),
        allowed,
        data=lambda world, user: data(world) if callable(data) else data,
        api=True,
        setup=setup,
        effect=effect,
    )


def _api_read(name, url):
    return Action(
        name, "get", url, CARE_AGENTS, api=True, setup=_case, noop=CARE_AGENTS
    )


CARE_API_ACTIONS = [
    _api_read("api_care_case_list", lambda world: f"{API}/"),
    _api_read("api_care_case_detail", _api()),
    _api_read("api_care_case_suggestions", _api("suggestions/")),
    _api_move(
        "api_care_claim",
        "claim/",
        {},
        lambda world, user: _fresh(world).assignee_id == user.pk,
    ),
    _api_move(
        "api_care_assign_to_an_agent",
        "assign/",
        lambda world: {"assignee": world.users[w.AGENT].username},
        lambda world, user: _fresh(world).assignee_id == world.users[w.AGENT].pk,
        allowed=LEADS,
    ),
    _api_move(
        "api_care_release",
        "assign/",
        {"assignee": None},
        lambda world, user: _fresh(world).assignee_id is None,
        setup=_held_by_user,
    ),
    _api_move("api_care_reply", "reply/", {"text": "Try a line test."}, _replied),
    _api_move(
        "api_care_reply_with_a_thread",
        "reply/",
        lambda world: {"text": "This has the fix.", "thread": world.question.pk},
        lambda world, user: _fresh(world).answered_with_community_at is not None,
    ),
    _api_move(
        "api_care_note",
        "note/",
        {"text": "Line test booked."},
        lambda world, user: CaseEvent.objects.filter(
            case=world.case, kind="note", actor=user
        ).exists(),
    ),
    _api_move(
        "api_care_status",
        "status/",
        {"status": "waiting"},
        lambda world, user: _fresh(world).status == "waiting",
    ),
    _api_move(
        "api_care_priority",
        "priority/",
        {"priority": "urgent"},
        lambda world, user: _fresh(world).priority == "urgent",
    ),
    _api_move(
        "api_care_tags",
        "tags/",
        {"tags": ["outage"]},
        lambda world, user: list(_fresh(world).tags.names()) == ["outage"],
    ),
    # The way into the community (pages).
    Action(
        "care_turn_into_thread_page",
        "get",
        _page("thread/"),
        CARE_AGENTS,
        setup=_case,
        noop=CARE_AGENTS,
    ),
    Action(
        "care_turn_into_thread",
        "post",
        _page("thread/"),
        CARE_AGENTS,
        data=lambda world, user: {
            "board": world.board.pk,
            "title": "nbn drops out every evening",
            "body": "From @jane_c: the nbn drops out every evening.",
            "anonymise": "on",
        },
        setup=_case,
        effect=lambda world, user: (
            _fresh(world).community_thread.first_post.body
            == "From [handle]: the nbn drops out every evening."
        ),
    ),
    Action(
        "care_publish_consent",
        "post",
        _page("consent/"),
        CARE_AGENTS,
        data=lambda world, user: {"consent": "yes"},
        setup=_case,
        effect=lambda world, user: _fresh(world).publish_consent,
    ),
]
