"""Search learns from deflection outcomes: distinct visitors, a capped boost that
decays, computed by the aggregation job and never on a request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.deflection.services.retention import purge_deflection_events
from forum.search import index_thread, learning, search_threads
from forum.search.analysis import query_key
from forum.search.models import ClickOutcome, LearnedBoost
from tests.deflection.conftest import build
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

QUERY = "modem lights orange"


@pytest.fixture
def threads(board):
    """Two threads that match the query equally well by their words."""
    made = []
    for title in ("Modem lights orange", "Orange modem lights"):
        thread = ThreadFactory(board=board, title=title, body="Help please.")
        index_thread(thread.pk)
        made.append(thread)
    return made


def helped(visitor, thread, *, query: str = QUERY) -> None:
    visitor.search(query, thread)
    visitor.click(thread)
    visitor.says_yes(thread)


def boost(thread, query: str = QUERY) -> LearnedBoost | None:
    return LearnedBoost.objects.filter(
        query_key=query_key(query), thread=thread
    ).first()


def test_visitors_who_said_a_result_helped_lift_it_for_that_query(
    clock, visitor, threads, settings
):
    settings.SEARCH_SEMANTIC_ENABLED = False
    before = [hit.thread for hit in search_threads(QUERY).hits]
    low = before[-1]
    for _ in range(3):
        helped(visitor(), low)

    build(clock)

    learned = boost(low)
    assert 0 < learned.boost <= learning.BOOST_MAX
    # Three visitors, a day ago: a little of their weight has faded already.
    assert learned.helpful_visitors == pytest.approx(3, rel=0.05)
    assert [hit.thread for hit in search_threads("orange lights modem").hits][0] == low


def test_one_visitor_hammering_a_result_counts_once(clock, visitor, threads):
    hammer = visitor()
    hammer.search(QUERY, threads[0])
    for _ in range(50):
        hammer.click(threads[0])
        hammer.says_yes(threads[0])
    for _ in range(5):
        clock.advance(minutes=31)  # a new journey each time, the same visitor
        helped(hammer, threads[0])

    build(clock)

    assert ClickOutcome.objects.filter(thread=threads[0]).count() == 6
    assert boost(threads[0]).helpful_visitors == pytest.approx(1, rel=0.05)


def test_the_boost_is_capped():
    assert learning.boost_for(10**9) <= learning.BOOST_MAX
    assert learning.boost_for(3) < learning.boost_for(30) < learning.BOOST_MAX
    assert learning.boost_for(0) == learning.boost_for(-5) == 0


def test_outcomes_fade_with_age(clock, visitor, threads):
    for _ in range(3):
        helped(visitor(), threads[0])
    build(clock)
    fresh = boost(threads[0]).boost

    learning.refresh_boosts(now=clock.now + timedelta(days=learning.HALF_LIFE_DAYS))

    faded = boost(threads[0]).boost
    assert faded < fresh
    assert boost(threads[0]).helpful_visitors == pytest.approx(1.5, abs=0.1)


def test_results_that_ended_in_tickets_earn_nothing(clock, visitor, threads):
    for _ in range(3):
        unlucky = visitor()
        unlucky.search(QUERY, threads[0])
        unlucky.click(threads[0])
        unlucky.submits_ticket()

    build(clock)

    outcomes = ClickOutcome.objects.filter(thread=threads[0])
    assert [outcome.ticket for outcome in outcomes] == [True, True, True]
    assert boost(threads[0]) is None


def test_a_click_belongs_to_the_query_of_the_search_before_it(clock, visitor, threads):
    member = visitor()
    member.search("router settings", threads[1])
    member.search(QUERY, threads[0])
    member.click(threads[0])
    member.says_yes(threads[0])

    build(clock)

    assert list(ClickOutcome.objects.values_list("query_key", "helpful")) == [
        (query_key(QUERY), True)
    ]
    assert boost(threads[0], "router settings") is None


def test_a_search_request_writes_only_its_journey_event(client, threads):
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/", {"q": QUERY}, HTTP_USER_AGENT="Mozilla/5.0 Firefox")

    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert len(writes) == 1
    assert "deflection_journeyevent" in writes[0]
    assert not ClickOutcome.objects.exists()
    assert not LearnedBoost.objects.exists()


def test_click_outcomes_go_with_the_raw_events(clock, visitor, threads):
    for _ in range(3):
        helped(visitor(), threads[0])
    build(clock)

    purge_deflection_events(now=clock.now + timedelta(days=200))

    assert not ClickOutcome.objects.exists()
    assert boost(threads[0]) is None


def test_a_full_rebuild_learns_what_the_incremental_runs_learned(
    clock, visitor, threads
):
    from forum.deflection.services.aggregation import build_deflection_stats

    for _ in range(3):
        helped(visitor(), threads[0])
    unlucky = visitor()
    unlucky.search(QUERY, threads[1])
    unlucky.click(threads[1])
    unlucky.submits_ticket()
    build(clock)
    fields = ("journey_key", "query_key", "thread_id", "helpful", "ticket")
    incremental = sorted(ClickOutcome.objects.values_list(*fields))
    boosts = sorted(LearnedBoost.objects.values_list("thread_id", "boost"))

    build_deflection_stats(full=True)

    assert sorted(ClickOutcome.objects.values_list(*fields)) == incremental
    assert sorted(LearnedBoost.objects.values_list("thread_id", "boost")) == boosts
