"""Business hours and response targets: when a case's first response and
resolution fall due, and the queue's breach states."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.care import clock, targets
from forum.care.models import CareTeam, CasePriority, CaseStatus, ResponseTarget
from tests.factories import CareTeamFactory, ConnectorFactory, make_case

SYDNEY = ZoneInfo("Australia/Sydney")


def _team(**fields) -> CareTeam:
    # Unsaved: the clock reads only its fields.
    hours = {
        "name": "Weekdays",
        "time_zone": "Australia/Sydney",
        "working_days": "12345",
        "opens_at": "08:00",
        "closes_at": "20:00",
    }
    return CareTeam(**(hours | fields))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in Sydney in December 2026 (the 7th is a Monday, the 11th a Friday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=SYDNEY)


def test_within_business_hours_minutes_pass_as_on_the_wall_clock():
    assert clock.add_business_minutes(at(7, 9), 60, _team()) == at(7, 10)


def test_a_target_that_runs_past_closing_resumes_next_morning():
    assert clock.add_business_minutes(at(7, 19, 30), 60, _team()) == at(8, 8, 30)


def test_a_friday_evening_message_falls_due_on_monday():
    assert clock.add_business_minutes(at(11, 21), 60, _team()) == at(14, 9)


def test_a_message_before_opening_counts_from_opening():
    assert clock.add_business_minutes(at(8, 6), 15, _team()) == at(8, 8, 15)


def test_without_a_team_or_when_always_open_the_clock_never_stops():
    friday_night = at(11, 21)
    assert clock.add_business_minutes(friday_night, 60, None) == at(11, 22)
    always = _team(is_always_open=True)
    assert clock.add_business_minutes(friday_night, 60, always) == at(11, 22)


def test_end_of_business_day():
    team = _team()
    assert clock.end_of_business_day(at(7, 9), team) == at(7, 20)
    assert clock.end_of_business_day(at(7, 6), team) == at(7, 20)
    assert clock.end_of_business_day(at(11, 21), team) == at(14, 20)
    assert clock.end_of_business_day(at(7, 9), None) == at(8, 0)


def test_is_open():
    team = _team()
    assert clock.is_open(at(7, 9), team)
    assert not clock.is_open(at(7, 20), team)
    assert not clock.is_open(at(12, 10), team)  # Saturday


def test_a_team_in_another_time_zone_keeps_its_own_hours():
    perth = _team(time_zone="Australia/Perth")  # three hours behind Sydney in summer
    assert clock.add_business_minutes(at(7, 10), 30, perth) == at(7, 11, 30)


def test_an_unknown_time_zone_falls_back_to_the_sites():
    broken = _team(time_zone="Mars/Olympus_Mons")
    assert clock.add_business_minutes(at(7, 9), 60, broken) == at(7, 10)


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)
    ),
    minutes=st.integers(min_value=0, max_value=5_000),
)
def test_business_time_never_goes_back_and_lands_inside_business_hours(start, minutes):
    team = _team()
    start = start.replace(tzinfo=SYDNEY)
    due = clock.add_business_minutes(start, minutes, team)
    assert due >= start
    assert due - start >= timedelta(minutes=minutes)
    if minutes:
        local = due.astimezone(SYDNEY)
        assert local.isoweekday() <= 5
        assert time(8) < local.time() <= time(20)


@pytest.mark.django_db
def test_the_most_specific_target_row_wins():
    ResponseTarget.objects.create(first_response_minutes=45)
    ResponseTarget.objects.create(network="twitter", first_response_minutes=30)
    ResponseTarget.objects.create(
        network="twitter", priority=CasePriority.URGENT, first_response_minutes=10
    )
    ResponseTarget.objects.create(
        priority=CasePriority.URGENT, first_response_minutes=20
    )
    assert targets.target_for("twitter", "urgent").first_response_minutes == 10
    assert targets.target_for("twitter", "normal").first_response_minutes == 30
    assert targets.target_for("facebook", "urgent").first_response_minutes == 20
    assert targets.target_for("facebook", "low").first_response_minutes == 45


@pytest.mark.django_db
def test_defaults_are_an_hour_to_first_response_and_the_same_day_to_resolve():
    team = CareTeamFactory()
    opened = at(7, 9)
    first, resolution = targets.due_times(
        opened, network="email", priority="normal", team=team
    )
    assert first == at(7, 10)
    assert resolution == at(7, 20)


@pytest.mark.django_db
def test_a_resolution_target_in_minutes_counts_business_time():
    ResponseTarget.objects.create(resolution_minutes=240)
    first, resolution = targets.due_times(
        at(7, 18), network="twitter", priority="normal", team=CareTeamFactory()
    )
    assert first == at(7, 19)
    assert resolution == at(8, 10)


@pytest.mark.django_db
def test_the_queue_clock_follows_the_case():
    connector = ConnectorFactory()  # no team: around the clock
    opened = at(7, 9)
    case = make_case(connector=connector, opened_at=opened)
    assert case.next_due_at == opened + timedelta(minutes=60)
    assert targets.breach_state(case, now=opened) == ""
    assert targets.breach_state(case, now=opened + timedelta(minutes=50)) == "warning"
    assert targets.breach_state(case, now=opened + timedelta(minutes=61)) == "breached"
    case.first_response_at = opened + timedelta(minutes=5)
    assert targets.next_due(case) == case.resolution_due
    case.status = CaseStatus.WAITING
    assert targets.next_due(case) is None
