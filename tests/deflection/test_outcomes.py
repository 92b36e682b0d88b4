"""Every DESIGN.md definition, with numbers computed by hand."""

from datetime import timedelta

import pytest
from django.db.models import Sum

from forum.deflection.models import (
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    EventSource,
    Journey,
)
from forum.deflection.services.aggregation import build_deflection_stats
from forum.deflection.services.tickets import report_helpdesk_ticket
from tests.deflection.conftest import START, Visitor, build
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def totals() -> dict:
    fields = [
        f.name
        for f in DailyBoardStats._meta.fields
        if f.name not in {"id", "day", "board"}
    ]
    sums = DailyBoardStats.objects.aggregate(**{name: Sum(name) for name in fields})
    return {name: value or 0 for name, value in sums.items()}


@pytest.fixture
def six_journeys(clock, board):
    """A: found, clicked, said yes. B: searched only. C: nothing found, ticket.
    D: clicked a result, ticket anyway. E: viewed a thread. F: ticket, no search."""
    t1, t2 = ThreadFactory(board=board), ThreadFactory(board=board)
    a, b, c, d, e, f = (Visitor() for _ in range(6))
    a.search("NBN dropouts", t1)
    a.click(t1)
    a.says_yes(t1)
    b.search("nbn dropouts", t1)
    c.search("refund", board=board)
    c.submits_ticket()
    d.search("bill shock", t2)
    d.click(t2)
    d.submits_ticket()
    e.search("esim", t1)
    e.view(t1)
    f.submits_ticket()
    return t1, t2


def test_each_definition_counts_as_designed(six_journeys, clock):
    build(clock)

    assert totals() == {
        "journeys": 6,
        "searched_journeys": 5,
        "searches": 5,
        "zero_result_searches": 1,
        "clicks": 2,
        "tickets": 3,  # C, D and F
        "deflected": 3,  # A, B and E: a search and no ticket
        "engaged": 2,  # A clicked, E viewed
        "confirmed": 1,  # A said yes
        "failed": 1,  # D opened a result and still filed a ticket
        "question_deflected": 0,
        "visitors": 6,
        "ticket_visitors": 3,
    }


def test_query_stats_attribute_clicks_to_the_search_before_them(six_journeys, clock):
    build(clock)

    rows = {row.query: row for row in DailyQueryStats.objects.all()}
    assert set(rows) == {"nbn dropouts", "refund", "bill shock", "esim"}
    nbn = rows["nbn dropouts"]
    assert (nbn.journeys, nbn.searches, nbn.clicked_journeys, nbn.deflected) == (
        2,
        2,
        1,
        2,
    )
    assert (rows["refund"].zero_result_searches, rows["refund"].tickets) == (1, 1)
    assert (rows["bill shock"].clicked_journeys, rows["bill shock"].tickets) == (1, 1)
    assert (rows["esim"].journeys_with_results, rows["esim"].clicked_journeys) == (1, 0)


def test_thread_stats_count_deflections_confirmations_and_failures(six_journeys, clock):
    t1, t2 = six_journeys
    build(clock)

    one = DailyThreadStats.objects.get(thread=t1)
    two = DailyThreadStats.objects.get(thread=t2)
    assert (one.opened, one.deflected, one.confirmed, one.failed) == (2, 2, 1, 0)
    assert (two.opened, two.deflected, two.failed) == (1, 0, 1)


def test_the_journey_board_is_its_first_searchs_board(six_journeys, clock, board):
    build(clock)

    assert set(DailyBoardStats.objects.values_list("board", flat=True)) == {
        board.pk,
        None,
    }
    assert DailyBoardStats.objects.get(board=board).searched_journeys == 5


def test_a_journey_still_going_is_not_counted(clock):
    visitor = Visitor()
    visitor.search("apn settings")

    build_deflection_stats()

    assert totals()["journeys"] == 0
    assert Journey.objects.get().is_ended is False


def test_a_journey_ends_exactly_30_minutes_after_its_last_event(clock):
    Visitor().search("apn settings")
    clock.advance(minutes=29, seconds=59)
    build_deflection_stats()
    assert totals()["deflected"] == 0

    clock.advance(seconds=1)
    build_deflection_stats()

    assert totals()["deflected"] == 1
    journey = Journey.objects.get()
    assert journey.ended_at == START + timedelta(minutes=30)
    assert journey.is_final is False  # the ticket window is still open


def test_a_helpdesk_ticket_within_the_window_makes_it_a_ticket(clock):
    visitor = Visitor()
    visitor.search("cannot log in")
    last_search = clock.now
    build(clock, hours=2)
    assert totals()["deflected"] == 1

    clock.advance(hours=23)  # reported a day later; opened exactly 24 h after
    report_helpdesk_ticket(
        journey_id=visitor.journey_id,
        helpdesk_ticket_id="HD-1",
        created_at=last_search + timedelta(hours=24),
    )
    build_deflection_stats()

    assert (totals()["deflected"], totals()["tickets"]) == (0, 1)


def test_a_helpdesk_ticket_after_the_window_does_not_count(clock):
    visitor = Visitor()
    visitor.search("cannot log in")
    last_search = clock.now
    clock.advance(hours=25)
    report_helpdesk_ticket(
        journey_id=visitor.journey_id,
        helpdesk_ticket_id="HD-2",
        created_at=last_search + timedelta(hours=24, seconds=1),
    )
    build_deflection_stats()

    assert (totals()["deflected"], totals()["tickets"]) == (1, 0)
    assert Journey.objects.get().is_final is True


def test_a_late_report_after_the_journey_was_final_is_picked_up(clock):
    visitor = Visitor()
    visitor.search("cannot log in")
    last_search = clock.now
    build(clock, hours=30)
    assert Journey.objects.get().is_final is True

    report_helpdesk_ticket(
        journey_id=visitor.journey_id,
        helpdesk_ticket_id="HD-3",
        created_at=last_search + timedelta(hours=3),
    )
    build_deflection_stats()

    assert (totals()["deflected"], totals()["tickets"]) == (0, 1)


def test_the_ticket_window_follows_the_setting(clock, settings):
    settings.DEFLECTION_TICKET_WINDOW_HOURS = 2
    visitor = Visitor()
    visitor.search("cannot log in")
    clock.advance(hours=4)
    report_helpdesk_ticket(
        journey_id=visitor.journey_id,
        helpdesk_ticket_id="HD-4",
        created_at=clock.now - timedelta(minutes=30),
    )
    build_deflection_stats()

    assert (totals()["deflected"], totals()["tickets"]) == (1, 0)


def _by_email(member, helpdesk_id, *, at):
    from forum.deflection.models import IdentityKind
    from forum.deflection.services.identities import identity_digest
    from forum.deflection.services.tickets import Identity

    digest = identity_digest(IdentityKind.EMAIL, member.email.upper())
    return report_helpdesk_ticket(
        identity=Identity(kind=IdentityKind.EMAIL, digest=digest),
        helpdesk_ticket_id=helpdesk_id,
        created_at=at,
    )


def test_a_ticket_matched_by_e_mail_turns_a_deflected_journey_into_a_ticket(
    clock, board
):
    from tests.factories import UserFactory

    member, thread = UserFactory(username="mia"), ThreadFactory(board=board)
    visitor, other = Visitor(user=member), Visitor()
    visitor.search("voicemail pin", thread, board=board)
    visitor.click(thread)
    other.search("voicemail pin", thread, board=board)
    last_search = clock.now
    build(clock, hours=30)  # both ended and final: two deflections
    before = totals()
    assert (before["deflected"], before["tickets"], before["failed"]) == (2, 0, 0)

    ticket, created = _by_email(member, "HD-E", at=last_search + timedelta(hours=5))
    build_deflection_stats()
    after = totals()

    assert created and ticket.match == "identity"
    # Exactly one journey moved from deflected to ticket (and, having opened a
    # result, to failed); nothing else changed.
    assert (after["deflected"], after["tickets"], after["failed"]) == (1, 1, 1)
    assert after["engaged"] == before["engaged"] - 1
    assert {k: v for k, v in after.items() if k not in CHANGED} == {
        k: v for k, v in before.items() if k not in CHANGED
    }
    # The thread only the member opened: no longer a deflection, now a failure.
    thread_stats = DailyThreadStats.objects.get(thread=thread)
    assert (thread_stats.opened, thread_stats.deflected, thread_stats.failed) == (
        1,
        0,
        1,
    )
    query = DailyQueryStats.objects.get(query="voicemail pin")
    assert (query.journeys, query.tickets, query.deflected) == (2, 1, 1)
    # Rebuilding again changes nothing: the link is read, not counted twice.
    build_deflection_stats(full=True)
    assert totals() == after


CHANGED = {"deflected", "tickets", "failed", "engaged", "ticket_visitors"}


def test_an_unmatched_e_mail_ticket_leaves_the_numbers_alone(clock):
    from tests.factories import UserFactory

    member = UserFactory(username="mia")
    Visitor(user=member).search("voicemail pin")
    last_search = clock.now
    build(clock, hours=30)
    before = totals()

    ticket, _ = _by_email(member, "HD-L", at=last_search + timedelta(hours=25))
    build_deflection_stats()

    assert ticket.match == "unmatched"
    assert totals() == before


def test_self_service_score_counts_visitors_not_journeys(clock):
    member = Visitor()
    member.search("roaming")
    clock.advance(hours=1)
    member.search("roaming again")  # a second journey, the same visitor
    member.submits_ticket()
    Visitor().search("esim")
    Visitor().search("apn")
    Visitor().search("voicemail")
    build(clock)

    assert (
        totals()["journeys"],
        totals()["visitors"],
        totals()["ticket_visitors"],
    ) == (
        5,
        4,
        1,
    )


def test_question_deflection_needs_an_opened_suggestion_and_no_post(clock):
    thread = ThreadFactory()
    left = Visitor()
    left.search("phone wont charge", thread, source=EventSource.ASK_SUGGESTIONS)
    left.click(thread, source=EventSource.ASK_SUGGESTIONS)
    posted = Visitor()
    posted.search("phone wont charge", thread, source=EventSource.ASK_SUGGESTIONS)
    posted.click(thread, source=EventSource.ASK_SUGGESTIONS)
    posted.posts_question()
    only_looked = Visitor()
    only_looked.search("phone wont charge", thread, source=EventSource.ASK_SUGGESTIONS)
    build(clock)

    assert totals()["question_deflected"] == 1
    assert DailyThreadStats.objects.get(thread=thread).question_deflected == 1


def test_a_failed_deflection_is_listed_for_every_result_opened(clock):
    first, second = ThreadFactory(), ThreadFactory()
    visitor = Visitor()
    visitor.search("sim not working", first, second)
    visitor.click(first, rank=1)
    visitor.click(second, rank=2)
    visitor.submits_ticket()
    build(clock)

    assert totals()["failed"] == 1
    assert sorted(DailyThreadStats.objects.values_list("failed", flat=True)) == [1, 1]
