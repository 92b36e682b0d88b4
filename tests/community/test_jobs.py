"""community.jobs: one run of a scheduled job at a time, the others skip."""

import logging
import threading

import pytest
from django.db import connection

from community.jobs import lock_key, run_once_at_a_time
from tests.concurrency import WAIT_SECONDS, in_thread

# Each thread holds its own connection, so on PostgreSQL its own session and locks;
# no data need be shared, so the test's transaction may stay open.
pytestmark = pytest.mark.django_db


def hold_in_another_thread(name: str):
    """Take the lock ``name`` in a thread and keep it until the returned event is
    set; returns the event, the thread and what it saw."""
    inside, release, seen, errors = threading.Event(), threading.Event(), [], []

    def holder():
        with run_once_at_a_time(name) as running:
            seen.append(running)
            inside.set()
            release.wait(WAIT_SECONDS)

    thread = in_thread(holder, errors)
    assert inside.wait(WAIT_SECONDS)
    return release, thread, seen


def test_a_second_run_at_the_same_time_skips_and_says_so(caplog):
    release, holder, seen = hold_in_another_thread("send_digests")

    with (
        caplog.at_level(logging.WARNING, logger="community.jobs"),
        run_once_at_a_time("send_digests") as running,
    ):
        assert running is False
    release.set()
    holder.join(WAIT_SECONDS)

    assert seen == [True]
    assert "send_digests skipped: another run of it is still in progress" in (
        caplog.text
    )


def test_the_lock_is_free_again_once_the_first_run_ends():
    release, holder, _ = hold_in_another_thread("purge_uploads")
    release.set()
    holder.join(WAIT_SECONDS)

    with run_once_at_a_time("purge_uploads") as running:
        assert running is True


def test_different_jobs_do_not_hold_each_other_up():
    release, holder, _ = hold_in_another_thread("send_digests")

    with run_once_at_a_time("send_accept_reminders") as running:
        assert running is True
    release.set()
    holder.join(WAIT_SECONDS)


def test_a_run_that_fails_lets_go_of_the_lock():
    with pytest.raises(RuntimeError), run_once_at_a_time("purge_expired_data"):
        raise RuntimeError("the job failed")

    release, holder, seen = hold_in_another_thread("purge_expired_data")
    release.set()
    holder.join(WAIT_SECONDS)
    assert seen == [True]


def test_a_run_whose_process_died_holds_no_lock():
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite's lock is per process")
    errors = []

    def dies_holding_the_lock():
        # Taken and never released: only the session's end frees it.
        run_once_at_a_time("run_deflection_jobs").__enter__()

    in_thread(dies_holding_the_lock, errors).join(WAIT_SECONDS)

    assert errors == []
    with run_once_at_a_time("run_deflection_jobs") as running:
        assert running is True


def test_lock_keys_are_stable_distinct_64_bit_numbers():
    assert lock_key("send_digests") == lock_key("send_digests")
    assert lock_key("send_digests") != lock_key("purge_uploads")
    assert -(2**63) <= lock_key("send_digests") < 2**63
