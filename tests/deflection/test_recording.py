"""Logging on the request path: one insert, never an error, no bots, no bursts,
privacy kept."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.deflection.models import EventKind, EventSource, JourneyEvent
from forum.deflection.services.privacy import (
    hash_session_key,
    mask_query,
    normalise_query,
)
from tests.deflection.conftest import Visitor
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_a_search_logs_one_event_with_a_single_insert(clock):
    thread = ThreadFactory()
    visitor = Visitor()
    visitor.search("warmup")

    with CaptureQueriesContext(connection) as queries:
        clock.advance(seconds=10)
        visitor.search("nbn dropouts", thread)

    assert len(inserts(queries)) == 1
    event = JourneyEvent.objects.latest("id")
    assert (event.kind, event.normalised_query, event.result_count) == (
        EventKind.SEARCH,
        "nbn dropouts",
        1,
    )
    assert event.top_thread_ids == [thread.pk]
    assert event.board_id == thread.board_id


def test_the_first_search_of_a_new_visitor_inserts_only_its_event_in_our_tables(clock):
    with CaptureQueriesContext(connection) as queries:
        Visitor().search("roaming charges")

    ours = [sql for sql in inserts(queries) if "deflection_" in sql]
    assert len(ours) == 1
    assert not JourneyEvent.objects.exclude(kind=EventKind.SEARCH).exists()


def test_a_failed_insert_is_logged_and_never_raised(clock, monkeypatch, caplog):
    monkeypatch.setattr(JourneyEvent._meta, "db_table", "deflection_missing_table")
    visitor = Visitor()

    with caplog.at_level(logging.ERROR, logger="forum.deflection"):
        visitor.search("why is my bill so high")

    assert "Could not record a deflection search event" in caplog.text
    monkeypatch.undo()
    assert JourneyEvent.objects.count() == 0


def test_the_search_still_answers_when_logging_fails(client, monkeypatch):
    monkeypatch.setattr(JourneyEvent._meta, "db_table", "deflection_missing_table")

    response = client.get("/support/contact/", {"q": "modem lights"})

    assert response.status_code == 200
    assert "Answers for" in response.content.decode()


@pytest.mark.parametrize(
    "user_agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "python-requests/2.31",
        "curl/8.5.0",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0)",
    ],
)
def test_bots_are_not_counted(clock, user_agent):
    Visitor(user_agent=user_agent).search("nbn speed test")

    assert JourneyEvent.objects.count() == 0


def test_an_identical_query_within_five_seconds_is_logged_once(clock):
    visitor = Visitor()
    visitor.search("Reset voicemail PIN")
    clock.advance(seconds=4.9)
    visitor.search("reset  voicemail pin")

    assert JourneyEvent.objects.count() == 1


def test_the_same_query_five_seconds_later_is_a_new_search(clock):
    visitor = Visitor()
    visitor.search("reset voicemail pin")
    clock.advance(seconds=5)
    visitor.search("reset voicemail pin")

    assert JourneyEvent.objects.count() == 2


def test_a_keystroke_burst_logs_one_search_with_the_final_text(clock):
    visitor = Visitor()
    for text in ("nbn", "nbn dro", "nbn dropouts"):
        visitor.search(text)
        clock.advance(seconds=1)

    event = JourneyEvent.objects.get()
    assert event.normalised_query == "nbn dropouts"


def test_an_event_29_minutes_59_seconds_later_continues_the_journey(clock):
    visitor = Visitor()
    visitor.search("esim setup")
    first = visitor.journey_id
    clock.advance(minutes=29, seconds=59)
    visitor.search("esim activation")

    assert visitor.journey_id == first


def test_an_event_exactly_30_minutes_later_starts_a_new_journey(clock):
    visitor = Visitor()
    visitor.search("esim setup")
    first = visitor.journey_id
    clock.advance(minutes=30)
    visitor.search("esim activation")

    assert visitor.journey_id != first
    assert JourneyEvent.objects.values("journey_id").distinct().count() == 2


def test_the_idle_timeout_follows_the_setting(clock, settings):
    settings.DEFLECTION_IDLE_MINUTES = 10
    visitor = Visitor()
    visitor.search("esim setup")
    first = visitor.journey_id
    clock.advance(minutes=10)
    visitor.search("esim setup again")

    assert visitor.journey_id != first


def test_clicks_and_views_without_a_journey_are_not_logged(clock):
    thread = ThreadFactory()
    visitor = Visitor()
    visitor.click(thread)
    visitor.view(thread)

    assert JourneyEvent.objects.count() == 0


def test_a_ticket_without_a_search_opens_a_journey(clock):
    Visitor().submits_ticket()

    assert list(JourneyEvent.objects.values_list("kind", flat=True)) == [
        EventKind.TICKET_STARTED,
        EventKind.TICKET_SUBMITTED,
    ]


def test_a_thread_view_is_logged_once_per_journey(clock):
    thread = ThreadFactory()
    visitor = Visitor()
    visitor.search("apn settings", thread)
    visitor.view(thread)
    visitor.view(thread)

    assert JourneyEvent.objects.filter(kind=EventKind.THREAD_VIEW).count() == 1


def test_signed_in_members_are_logged_with_their_account(clock):
    member = UserFactory()
    Visitor(user=member).search("port my number")

    assert JourneyEvent.objects.get().user == member


def test_email_addresses_and_long_digit_runs_are_masked():
    text = "bill for jo.smith+nbn@example.com acct 1234567 call 0412 345 678"

    masked = mask_query(text)

    assert masked == "bill for [email] acct [number] call [number]"
    assert "example.com" not in masked and "345" not in masked


def test_short_numbers_stay_readable():
    assert mask_query("iPhone 15 on plan 65") == "iPhone 15 on plan 65"


def test_card_numbers_with_dashes_are_masked():
    assert mask_query("charged 4111-1111-1111-1111 twice") == ("charged [number] twice")


def test_normalised_queries_fold_case_width_and_punctuation():
    assert normalise_query("  NBN   Dropouts?!  ") == "nbn dropouts"
    assert normalise_query("ＮＢＮ") == "nbn"


def test_the_stored_query_is_masked(clock):
    Visitor().search("refund to me@example.org please 98765432")

    event = JourneyEvent.objects.get()
    assert event.query == "refund to [email] please [number]"
    assert "example" not in event.normalised_query


def test_the_visitor_id_is_stored_only_as_a_keyed_hash(clock):
    visitor = Visitor()
    visitor.search("roaming")

    event = JourneyEvent.objects.get()
    key = visitor.state["visitor"]
    assert event.session_hash == hash_session_key(key)
    assert key not in event.session_hash
    assert len(event.session_hash) == 64


def test_no_ip_address_is_stored_anywhere():
    from django.apps import apps

    for model in apps.get_app_config("deflection").get_models():
        for field in model._meta.fields:
            assert "ip" not in field.name.split("_"), f"{model.__name__}.{field.name}"
            assert field.get_internal_type() != "GenericIPAddressField"


def test_empty_and_punctuation_only_queries_are_not_searches(clock):
    visitor = Visitor()
    visitor.search("")
    visitor.search("   ?!  ")

    assert JourneyEvent.objects.count() == 0


def test_an_unknown_source_is_logged_as_api(clock):
    Visitor().search("widget", source="somewhere-else")

    assert JourneyEvent.objects.get().source == EventSource.API


def test_an_over_long_query_is_capped(clock):
    Visitor().search("data " * 200)

    event = JourneyEvent.objects.get()
    assert len(event.query) <= 200 and len(event.normalised_query) <= 200


def test_a_dropped_repeat_does_not_keep_the_journey_alive(clock):
    visitor = Visitor()
    visitor.search("esim setup")
    first = visitor.journey_id
    clock.advance(seconds=4)
    visitor.search("esim setup")  # dropped: no event, so the journey's clock stays
    clock.advance(minutes=29, seconds=57)

    visitor.search("esim activation")

    assert visitor.journey_id != first


def test_a_repeated_view_does_not_move_the_journeys_last_event(clock):
    thread = ThreadFactory()
    visitor = Visitor()
    visitor.search("apn", thread)
    visitor.view(thread)
    clock.advance(minutes=20)
    visitor.view(thread)  # not logged again
    clock.advance(minutes=10)

    visitor.search("apn again")

    assert JourneyEvent.objects.values("journey_id").distinct().count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_search_event_commits_without_waiting_for_the_disk(clock):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    visitor = Visitor()

    with CaptureQueriesContext(connection) as queries:
        visitor.search("nbn dropouts")

    # One statement, its own transaction: set_config(..., true) lasts until the
    # commit that follows it.
    (insert,) = [q["sql"] for q in queries if "deflection_journeyevent" in q["sql"]]
    assert insert.startswith('INSERT INTO "deflection_journeyevent"')
    assert insert.endswith("set_config('synchronous_commit', 'off', true)")
    assert not any(q["sql"].startswith(("BEGIN", "SET")) for q in queries)
    event = JourneyEvent.objects.get(normalised_query="nbn dropouts")
    assert event.top_thread_ids == [] and event.result_count == 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # the next transaction waits again
