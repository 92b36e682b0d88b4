"""Load and worker kills at CI size: real gunicorn, real locust, PostgreSQL and Redis.

Each test runs the release runner (``bench.load``, ``bench.worker_kill``) for a short
time against its own database, never the test database: the runner creates, seeds
and drives ``crowd_load_test`` on the same server, so the two must never run at once:
under pytest-xdist, ``--dist loadfile`` (the Makefile's) keeps them on one worker.
Deselect with ``-m "not load"``.

They assert only what must never vary with the machine: no failed request (a
killed worker's requests aside), no half-written post, every counter exact.
Latency and throughput depend on what else the machine is doing; those targets
are judged by ``make load``'s PASS/MISS report, on a quiet machine.
"""

import fcntl
import os
import socket
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import LOCUST_MISSING, RUNNING_IN_CI

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the load runs need PostgreSQL (set DATABASE_URL)",
    ),
    # In CI a missing locust fails the run (the import below) rather than skip it.
    pytest.mark.skipif(
        LOCUST_MISSING and not RUNNING_IN_CI,
        reason="locust is not installed (pip install -r requirements-load.lock)",
    ),
]


@pytest.fixture(autouse=True)
def _one_load_run_at_a_time():
    """Both runs use one load database: under parallel workers, a lock on a file
    named after it makes the second wait for the first."""
    name = _load_database_url().rsplit("/", 1)[1]
    with open(Path(tempfile.gettempdir()) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _load_database_url() -> str:
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return os.environ.get("LOAD_TEST_DATABASE_URL", f"{server}/crowd_load_test")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _arguments() -> list[str]:
    arguments = ["--small", "--database-url", _load_database_url()]
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        # This worker's own cache database (the run empties it first), so that a
        # parallel worker's tests keep theirs.
        arguments += ["--redis-url", cache["LOCATION"]]
    return arguments + ["--port", str(_free_port())]


def test_forty_requests_a_second_fail_none_and_keep_every_counter_exact():
    from bench import load

    report = load.run_load(load.parse_arguments(_arguments()))

    load.print_report(report)
    assert report.broken_invariants() == []


def test_killing_a_worker_every_ten_seconds_leaves_no_half_written_post():
    from bench import load, worker_kill

    report = worker_kill.run_worker_kill(load.parse_arguments(_arguments()))

    load.print_figures(report.stats, report.rate)
    assert report.kills >= 2
    assert report.broken_invariants() == []
