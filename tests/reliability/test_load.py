"""Load and worker kills at CI size: real gunicorn, real locust, PostgreSQL and Redis.

Each test runs the release runner (``bench.load``, ``bench.worker_kill``) for a short
time against its own database, never the test database: the runner creates, seeds
and drives ``crowd_load_test`` on the same server. Deselect with ``-m "not load"``.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench import load, worker_kill

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the load runs need PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.skipif(
        shutil.which("locust", path=Path(sys.executable).parent) is None,
        reason="locust is not installed (requirements-dev.txt)",
    ),
]


def _load_database_url() -> str:
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return os.environ.get("LOAD_TEST_DATABASE_URL", f"{server}/crowd_load_test")


def _arguments(*, port: int) -> list[str]:
    return ["--small", "--database-url", _load_database_url(), "--port", str(port)]


def test_forty_requests_a_second_meet_the_latency_memory_and_error_targets():
    report = load.run_load(load.parse_arguments(_arguments(port=8768)))

    load.print_report(report)
    assert report.missed_targets() == []


def test_killing_a_worker_every_ten_seconds_keeps_99_percent_and_no_half_posts():
    report = worker_kill.run_worker_kill(
        load.parse_arguments(_arguments(port=8769), port=8769)
    )

    load.print_figures(report.stats, report.rate)
    assert report.kills >= 2
    assert report.missed_targets() == []
