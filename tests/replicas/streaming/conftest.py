"""The replica tests' database: the test database is created on the primary only,
and the replica, which replays everything the primary writes, serves it too."""

import copy

import pytest
from django.db import connections
from django.test.utils import setup_databases, teardown_databases

from bench.scale.cluster import LocalReplication
from community.replicas import health

REPLICA = "replica_1"


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    replica_settings = copy.deepcopy(connections[REPLICA].settings_dict)
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    # Django points a mirror at the primary; this one must stay on the replica.
    test_name = connections["default"].settings_dict["NAME"]
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = {**replica_settings, "NAME": test_name}
    replication().wait_until_replayed()
    yield
    connections[REPLICA].close()
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


def replication() -> LocalReplication:
    return LocalReplication.from_environment()


@pytest.fixture
def cluster():
    """The running primary and replica; the replica is streaming again after."""
    replication_ = replication()
    yield replication_
    replication_.restore_replica()


@pytest.fixture(autouse=True)
def _fresh_replica_answers(settings):
    """Each test asks the replica afresh before every read, so what it changes on
    the replica (a pause, a stop) is seen at once; pages are rendered, not served
    from the page cache, so every request reads."""
    settings.REPLICA_CHECK_SECONDS = 0
    settings.PAGE_CACHE_ENABLED = False
    health.forget()
    yield
    health.forget()
