"""On a real primary and streaming replica: a replica that stops, or was never a
replica, costs visitors nothing, and `manage.py check --deploy` says so."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.db import connections
from django.test.utils import CaptureQueriesContext

from community.replicas import health
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

REPLICA = "replica_1"


def test_stopping_the_replica_mid_run_fails_no_request_and_loses_nothing(
    client, settings, cluster
):
    threads = [ThreadFactory(title=f"Outage in suburb {n}") for n in range(3)]
    cluster.wait_until_replayed()
    # The replica's last answer is kept a minute: the requests below meet it
    # stopped without being warned by a check.
    settings.REPLICA_CHECK_SECONDS = 60
    assert client.get(threads[0].get_absolute_url()).status_code == 200
    assert health.is_usable(REPLICA)

    cluster.stop_replica()
    statuses = []
    for thread in threads * 3:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get(thread.get_absolute_url())
        assert primary.captured_queries  # served from the primary
        statuses.append(response.status_code)
        assert thread.title.encode() in response.content
    new = ThreadFactory(title="Written while the replica is down")
    page = client.get(new.get_absolute_url())

    assert statuses == [200] * 9
    assert (
        page.status_code == 200 and b"Written while the replica is down" in page.content
    )
    assert not health.is_usable(REPLICA)

    cluster.start_replica()
    cluster.wait_until_replayed()
    settings.REPLICA_CHECK_SECONDS = 0
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get(new.get_absolute_url()).status_code == 200
    assert replica.captured_queries, "reads did not come back to the replica"


def test_the_deploy_check_reports_a_stopped_replica(cluster):
    cluster.stop_replica()

    messages = run_checks(tags=["replicas"], include_deployment_checks=True)

    assert [m.id for m in messages] == ["replicas.W001"]
    assert "cannot be reached" in messages[0].msg


def test_the_deploy_check_reports_a_replica_that_lags(settings, cluster):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    cluster.pause_replay()
    ThreadFactory()
    cluster.wait_until_received()
    import time

    time.sleep(0.6)

    messages = run_checks(tags=["replicas"], include_deployment_checks=True)

    assert [m.id for m in messages] == ["replicas.W001"]
    assert "lags" in messages[0].msg


def test_a_replica_url_that_names_a_primary_fails_the_deploy_check(cluster):
    """Run as an operator would, in production mode, with the primary's address
    (another database name) given as the replica."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "community.example.com",
        "DATABASE_REPLICA_URLS": cluster.primary_url("postgres"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "replicas"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=django_settings.BASE_DIR,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "replicas.E002" in result.stderr
    assert "is a primary (not in recovery), not a replica" in result.stderr
