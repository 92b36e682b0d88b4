"""Journey events written in batches, off the request path: nothing lost, nothing
written twice, and the readers that need the latest events see them."""

import io
import json
import logging
import time
import zipfile

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from accounts.data_rights import delete_member_account, export_member_data
from forum.deflection.models import EventKind, JourneyEvent
from forum.deflection.services import event_writer, record_thread_view
from forum.deflection.services.tickets import report_helpdesk_ticket
from tests.deflection.conftest import Visitor
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batched(settings):
    """Events wait for their batch; the writer thread sleeps through the test, so
    each test writes its batch itself."""
    settings.DEFLECTION_EVENT_FLUSH_SECONDS = 3600
    yield
    with event_writer._lock:
        event_writer._pending.clear()


def event_inserts(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith('INSERT INTO "deflection_journeyevent"')
    ]


def test_a_search_writes_nothing_on_its_request(clock, batched):
    with CaptureQueriesContext(connection) as queries:
        Visitor().search("nbn dropouts")

    assert queries.captured_queries == []
    assert event_writer.pending_event_count() == 1
    assert not JourneyEvent.objects.exists()


def test_a_batch_is_written_in_one_statement(clock, batched):
    thread = ThreadFactory()
    for query in ("nbn dropouts", "esim transfer", "refund charge"):
        Visitor().search(query, thread)

    with CaptureQueriesContext(connection) as queries:
        assert event_writer.flush_pending_events() == 3

    assert len(event_inserts(queries)) == 1
    assert sorted(JourneyEvent.objects.values_list("normalised_query", flat=True)) == [
        "esim transfer",
        "nbn dropouts",
        "refund charge",
    ]
    assert set(JourneyEvent.objects.values_list("board_id", flat=True)) == {
        thread.board_id
    }
    assert event_writer.pending_event_count() == 0
    assert event_writer.flush_pending_events() == 0


def test_a_thread_view_gets_its_board_when_written(clock, batched):
    thread = ThreadFactory()
    visitor = Visitor()
    visitor.search("apn settings", thread)
    request = visitor.request()

    with CaptureQueriesContext(connection) as queries:
        record_thread_view(request, thread.pk)
    assert queries.captured_queries == []  # the board is not read on the request

    event_writer.flush_pending_events()
    view = JourneyEvent.objects.get(kind=EventKind.THREAD_VIEW)
    assert (view.thread_id, view.board_id) == (thread.pk, thread.board_id)


def test_a_keystroke_burst_amends_its_waiting_search(clock, batched):
    visitor = Visitor()
    for text in ("nbn", "nbn dro", "nbn dropouts"):
        visitor.search(text)
        clock.advance(seconds=1)

    event_writer.flush_pending_events()
    event = JourneyEvent.objects.get()
    assert event.normalised_query == "nbn dropouts"


def test_a_keystroke_burst_amends_its_written_search(clock, batched):
    visitor = Visitor()
    visitor.search("nbn")
    event_writer.flush_pending_events()
    clock.advance(seconds=1)
    typed_at = clock.now

    visitor.search("nbn dropouts")

    event = JourneyEvent.objects.get()
    assert (event.normalised_query, event.created_at) == ("nbn dropouts", typed_at)
    assert event_writer.pending_event_count() == 0


def test_a_failed_write_keeps_the_events_for_the_next(
    clock, batched, monkeypatch, caplog
):
    Visitor().search("roaming charges")

    def database_down(events, deferred):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(event_writer, "_write", database_down)
        with caplog.at_level(logging.WARNING, logger="forum.deflection"):
            assert event_writer.flush_pending_events() == 0

    assert "Could not write journey events" in caplog.text
    assert event_writer.pending_event_count() == 1
    assert event_writer.flush_pending_events() == 1
    assert JourneyEvent.objects.get().normalised_query == "roaming charges"


def test_unwritten_events_are_capped(clock, batched, monkeypatch):
    monkeypatch.setattr(event_writer, "MAX_PENDING", 3)
    for number in range(5):
        Visitor().search(f"query {number}")

    assert event_writer.pending_event_count() == 3
    event_writer.flush_pending_events()
    assert sorted(JourneyEvent.objects.values_list("normalised_query", flat=True)) == [
        "query 2",
        "query 3",
        "query 4",
    ]


def test_a_member_who_left_while_their_events_waited_is_not_linked(clock, batched):
    member = UserFactory()
    Visitor(user=member).search("cancel my contract")
    member.is_active = False  # deleted by a request another process served
    member.save(update_fields=["is_active"])

    event_writer.flush_pending_events()

    assert JourneyEvent.objects.get().user_id is None


def test_deleting_an_account_unlinks_its_waiting_events(clock, batched):
    member = UserFactory()
    Visitor(user=member).search("cancel my contract")

    delete_member_account(member)

    assert JourneyEvent.objects.get().user_id is None
    assert event_writer.pending_event_count() == 0


def test_the_data_export_includes_a_search_still_waiting(clock, batched):
    member = UserFactory()
    Visitor(user=member).search("bill shock")

    archive = zipfile.ZipFile(io.BytesIO(export_member_data(member)))

    searches = json.loads(archive.read("searches.json"))
    assert [search["query"] for search in searches] == ["bill shock"]


def test_a_helpdesk_report_finds_a_journey_whose_events_wait(clock, batched):
    visitor = Visitor()
    visitor.search("sim not working")

    ticket, created = report_helpdesk_ticket(
        journey_id=visitor.journey_id, helpdesk_ticket_id="HD-1"
    )

    assert created and ticket.journey_id == visitor.journey_id


def _clicks_on_a_thread_then_deleted():
    kept, deleted = ThreadFactory(), ThreadFactory()
    visitor = Visitor()
    visitor.search("apn", kept, deleted)
    visitor.click(deleted)
    visitor.click(kept, rank=2)
    deleted.delete()
    return kept


def written_kinds() -> list:
    return sorted(JourneyEvent.objects.values_list("kind", "thread_id"))


@pytest.mark.django_db(transaction=True)
def test_an_event_for_a_deleted_thread_is_dropped_from_its_batch(clock, batched):
    kept = _clicks_on_a_thread_then_deleted()

    assert event_writer.flush_pending_events() == 3

    assert written_kinds() == [
        (EventKind.RESULT_CLICK, kept.pk),
        (EventKind.SEARCH, None),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_thread_deleted_during_the_write_costs_only_its_own_event(
    clock, batched, monkeypatch
):
    kept = _clicks_on_a_thread_then_deleted()
    # As if the thread went between the check and the INSERT.
    monkeypatch.setattr(event_writer, "_still_linkable", lambda events: events)

    event_writer.flush_pending_events()

    assert written_kinds() == [
        (EventKind.RESULT_CLICK, kept.pk),
        (EventKind.SEARCH, None),
    ]
    assert event_writer.pending_event_count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_account_deletion_commits_whatever_its_waiting_events_name(clock, batched):
    member = UserFactory()
    kept, deleted = ThreadFactory(), ThreadFactory()
    visitor = Visitor(user=member)
    visitor.search("apn", kept, deleted)
    visitor.click(deleted)
    board = deleted.board
    clock.advance(seconds=10)
    visitor.search("esim", board=board)
    deleted.delete()
    board.delete()

    delete_member_account(member)  # one transaction, which writes the batch

    member.refresh_from_db()
    assert not member.is_active
    written = JourneyEvent.objects.order_by("created_at")
    assert list(written.values_list("kind", "board_id", "user_id")) == [
        (EventKind.SEARCH, kept.board_id, None),
        (EventKind.SEARCH, None, None),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_writes_batches_by_itself(settings):
    settings.DEFLECTION_EVENT_FLUSH_SECONDS = 0.05
    Visitor().search("voicemail pin")

    wait_for(lambda: event_writer.pending_event_count() == 0)
    stop_writer(settings)

    assert JourneyEvent.objects.get().normalised_query == "voicemail pin"


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_survives_a_batch_that_fails_unexpectedly(
    settings, monkeypatch, caplog
):
    failures = []
    write = event_writer._write

    def fails_once(events, *, deferred):
        if not failures:
            failures.append(len(events))
            raise RuntimeError("a bug, not the database")
        return write(events, deferred=deferred)

    monkeypatch.setattr(event_writer, "_write", fails_once)
    settings.DEFLECTION_EVENT_FLUSH_SECONDS = 0.05
    with caplog.at_level(logging.ERROR, logger="forum.deflection"):
        Visitor().search("lost with the failed batch")
        wait_for(lambda: failures)
        Visitor().search("written by the next")
        wait_for(lambda: event_writer.pending_event_count() == 0)
        stop_writer(settings)

    assert "The journey event writer failed on a batch" in caplog.text
    assert list(JourneyEvent.objects.values_list("normalised_query", flat=True)) == [
        "written by the next"
    ]


def stop_writer(settings) -> None:
    """Stop the writer thread after its batch in progress. Tests read the table
    only then: SQLite's shared in-memory database locks a table being written."""
    settings.DEFLECTION_EVENT_FLUSH_SECONDS = 0
    wait_for(lambda: event_writer._writer_pid is None)


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
