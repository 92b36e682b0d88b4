"""The arithmetic of the scale-out check's figures: the replica's share of the work
from both servers' pg_stat_database counters, and locust's running totals between
two moments."""

import pytest

from bench.scale.phases import between
from bench.scale.reads import ReadSample, ServerCounters, replica_share


def sample(at: float, primary: tuple[int, int], replica: tuple[int, int]):
    return ReadSample(
        label=f"at {at}",
        at=at,
        primary=ServerCounters(*primary),
        replica=ServerCounters(*replica),
    )


def test_the_replica_share_is_its_part_of_both_servers_increase():
    start = sample(0, primary=(1_000, 50_000), replica=(200, 10_000))
    end = sample(30, primary=(1_300, 51_000), replica=(900, 19_000))

    share = replica_share("in step", start, end)

    assert share.seconds == 30
    assert share.transactions == pytest.approx(700 / 1_000)
    assert share.rows_read == pytest.approx(9_000 / 10_000)


def test_a_replica_left_alone_has_no_share():
    start = sample(30, primary=(1_300, 51_000), replica=(900, 19_000))
    end = sample(40, primary=(1_500, 52_000), replica=(900, 19_000))

    share = replica_share("replay paused", start, end)

    assert (share.transactions, share.rows_read) == (0.0, 0.0)


def test_a_phase_without_any_work_has_no_share_to_tell():
    still = sample(0, primary=(5, 5), replica=(5, 5))

    share = replica_share("idle", still, still)

    assert (share.transactions, share.rows_read) == (None, None)


# locust's history: (unix time, total requests, total failures), one row a second.
HISTORY = [
    (100.0, 0, 0),
    (101.0, 30, 0),
    (102.0, 61, 1),
    (103.0, 90, 1),
    (104.0, 121, 3),
]


def test_requests_between_two_moments_subtract_the_totals_written_by_then():
    assert between(HISTORY, 101.5, 103.2) == (60, 1)


def test_requests_after_a_moment_run_to_the_last_totals():
    assert between(HISTORY, 102.0, None) == (60, 2)


def test_a_moment_before_the_history_counts_from_zero():
    assert between(HISTORY, 50.0, 101.0) == (30, 0)


def test_no_history_or_no_moment_counts_nothing():
    assert between([], 101.0, None) == (0, 0)
    assert between(HISTORY, None, None) == (0, 0)
