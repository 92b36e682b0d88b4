"""The replica router's rules, without a replica: which alias each read and write
gets, read-your-writes, the retry after a replica failure, and the check of a
misconfigured URL. tests/replicas/streaming runs them on a real replica."""

import time

import pytest
from django.core.checks import run_checks
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks import task

from community.replicas import health, state
from community.replicas.config import replica_databases
from community.replicas.middleware import PIN_COOKIE, ReplicaReadsMiddleware
from community.replicas.router import ReplicaRouter

PRIMARY = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "crowd",
    "HOST": "db.internal",
    "PORT": 5432,
    "USER": "crowd",
    "OPTIONS": {},
}


# --- configuration ------------------------------------------------------------


def test_each_replica_url_becomes_an_alias_on_the_replica_engine():
    databases, problems = replica_databases(
        [
            "postgres://crowd:pw@replica-a.internal:5432/crowd",
            " ",
            "postgresql://crowd@replica-b/crowd",
        ],
        PRIMARY,
    )

    assert problems == []
    assert list(databases) == ["replica_1", "replica_2"]
    first = databases["replica_1"]
    assert first["ENGINE"] == "community.replicas.backend"
    assert (first["HOST"], first["NAME"]) == ("replica-a.internal", "crowd")
    assert first["OPTIONS"]["connect_timeout"] == 2
    assert first["TEST"] == {"MIRROR": "default"}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://crowd@replica/crowd", "not a PostgreSQL URL"),
        ("replica.internal", "not a PostgreSQL URL"),
        ("postgres://crowd@db.internal:5432/crowd", "is the primary's own address"),
        ("postgres://crowd@[broken/crowd", "cannot be read"),
        ("postgres:///crowd", "names no host"),
    ],
)
def test_a_url_that_cannot_be_a_replica_is_left_out_with_the_reason(url, problem):
    databases, problems = replica_databases([url], PRIMARY)

    assert databases == {}
    assert len(problems) == 1
    assert problem in problems[0]
    assert "reads stay on the primary" in problems[0]


def test_a_replica_urls_password_never_reaches_the_message():
    _, problems = replica_databases(["mysql://crowd:s3cret@replica/crowd"], PRIMARY)

    assert "s3cret" not in problems[0]
    assert "mysql://crowd:***@replica/crowd" in problems[0]


def test_replicas_need_a_postgresql_primary():
    databases, problems = replica_databases(
        ["postgres://crowd@replica/crowd"], {"ENGINE": "django.db.backends.sqlite3"}
    )

    assert databases == {}
    assert "not PostgreSQL" in problems[0]


def test_the_deploy_check_reports_each_url_left_out(settings):
    settings.REPLICA_CONFIG_ERRORS = ["DATABASE_REPLICA_URLS entry 1 (x): bad."]

    messages = run_checks(tags=["replicas"], include_deployment_checks=True)

    assert [(m.id, m.msg) for m in messages] == [
        ("replicas.E001", "DATABASE_REPLICA_URLS entry 1 (x): bad.")
    ]


# --- the router ------------------------------------------------------------------


@pytest.fixture
def usable_replica(settings, monkeypatch):
    settings.DATABASE_REPLICAS = {"replica_1": {}}
    monkeypatch.setattr(health, "is_usable", lambda alias: True)


router = ReplicaRouter()


def test_reads_outside_a_request_scope_go_to_the_primary(usable_replica):
    assert router.db_for_read(None) == "default"
    with state.request_scope(replica_reads=False):
        assert router.db_for_read(None) == "default"


def test_a_scopes_reads_go_to_the_replica_until_it_writes(usable_replica):
    with state.request_scope(replica_reads=True) as scope:
        assert router.db_for_read(None) == "replica_1"
        assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "default"
    assert scope.pins


def test_bookkeeping_writes_neither_move_reads_nor_pin(usable_replica):
    with state.request_scope(replica_reads=True) as scope:
        with state.bookkeeping():
            assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "replica_1"
    assert not scope.pins


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary(usable_replica):
    with state.request_scope(replica_reads=True):
        with transaction.atomic():
            assert router.db_for_read(None) == "default"
        assert router.db_for_read(None) == "replica_1"


def test_no_usable_replica_means_the_primary(settings, monkeypatch):
    settings.DATABASE_REPLICAS = {"replica_1": {}, "replica_2": {}}
    monkeypatch.setattr(health, "is_usable", lambda alias: False)

    with state.request_scope(replica_reads=True):
        assert router.db_for_read(None) == "default"


def test_a_request_keeps_one_replica_and_requests_take_turns(settings, monkeypatch):
    settings.DATABASE_REPLICAS = {"replica_1": {}, "replica_2": {}}
    monkeypatch.setattr(health, "is_usable", lambda alias: True)

    chosen = []
    for _ in range(4):
        with state.request_scope(replica_reads=True):
            first = router.db_for_read(None)
            assert router.db_for_read(None) == first
            chosen.append(first)

    assert sorted(set(chosen)) == ["replica_1", "replica_2"]


JOB_READS = []


@task()
def read_in_a_job() -> None:
    JOB_READS.append(router.db_for_read(None))


def test_a_job_run_inside_a_request_reads_the_primary(usable_replica):
    JOB_READS.clear()
    with state.request_scope(replica_reads=True):
        assert router.db_for_read(None) == "replica_1"
        read_in_a_job.enqueue()  # the immediate backend runs it here

    assert JOB_READS == ["default"]


def test_replicas_are_never_migrated():
    assert router.allow_migrate("default", "forum")
    assert not router.allow_migrate("replica_1", "forum")


# --- the middleware ----------------------------------------------------------------


def run(middleware_view, request):
    return ReplicaReadsMiddleware(middleware_view)(request)


def test_a_write_pins_the_visitor_to_the_primary(usable_replica, settings):
    settings.REPLICA_PIN_SECONDS = 15

    def writes(request):
        router.db_for_write(None)
        return HttpResponse()

    response = run(writes, RequestFactory().post("/t/1/reply/"))

    pinned_until = int(response.cookies[PIN_COOKIE].value)
    assert 14 <= pinned_until - time.time() <= 15
    assert response.cookies[PIN_COOKIE]["httponly"]


def test_a_pinned_visitor_reads_the_primary_and_an_expired_pin_does_not(
    usable_replica,
):
    seen = []

    def reads(request):
        seen.append(router.db_for_read(None))
        return HttpResponse()

    factory = RequestFactory()
    pinned = factory.get("/")
    pinned.COOKIES[PIN_COOKIE] = str(int(time.time()) + 10)
    expired = factory.get("/")
    expired.COOKIES[PIN_COOKIE] = str(int(time.time()) - 1)
    forged = factory.get("/")
    forged.COOKIES[PIN_COOKIE] = "soon"

    for request in (pinned, expired, forged, factory.post("/")):
        run(reads, request)

    assert seen == ["default", "replica_1", "replica_1", "default"]


def test_an_api_client_is_pinned_by_its_token(usable_replica):
    def writes(request):
        router.db_for_write(None)
        return HttpResponse()

    def reads(request):
        return HttpResponse(router.db_for_read(None))

    factory = RequestFactory()
    run(writes, factory.post("/api/v1/threads/", HTTP_AUTHORIZATION="Token a"))

    same = run(reads, factory.get("/api/v1/threads/1/", HTTP_AUTHORIZATION="Token a"))
    other = run(reads, factory.get("/api/v1/threads/1/", HTTP_AUTHORIZATION="Token b"))

    assert (same.content, other.content) == (b"default", b"replica_1")


def test_a_get_whose_replica_fails_is_run_again_on_the_primary(usable_replica):
    attempts = []

    def fails_once(request):
        attempts.append(router.db_for_read(None))
        if len(attempts) == 1:
            state.note_replica_failure("replica_1")
            return HttpResponse(status=503)
        return HttpResponse("page")

    response = run(fails_once, RequestFactory().get("/"))

    assert attempts == ["replica_1", "default"]
    assert (response.status_code, response.content) == (200, b"page")


def test_a_get_that_wrote_before_its_replica_failed_is_not_run_again(usable_replica):
    attempts = []

    def writes_then_fails(request):
        attempts.append(1)
        router.db_for_write(None)
        state.note_replica_failure("replica_1")
        return HttpResponse(status=503)

    response = run(writes_then_fails, RequestFactory().get("/"))

    assert attempts == [1]
    assert response.status_code == 503


# --- the page cache and a replica's lag --------------------------------------------


def test_a_replica_read_page_is_stored_only_once_its_generations_are_old_enough(
    usable_replica, settings, monkeypatch
):
    from forum import caching

    settings.REPLICA_MAX_LAG_SECONDS = 5
    settings.REPLICA_CHECK_SECONDS = 5
    now = time.time()
    young = f"{int(now - 3):x}.abc"
    old = f"{int(now - 30):x}.abc"

    with state.request_scope(replica_reads=True):
        assert router.db_for_read(None) == "replica_1"
        monkeypatch.setattr(caching, "generations", lambda scope: [old, young])
        assert not caching._replica_may_store(["gen:thread:1", "gen:site"])
        monkeypatch.setattr(caching, "generations", lambda scope: [old, old])
        assert caching._replica_may_store(["gen:thread:1", "gen:site"])

    with state.request_scope(replica_reads=False):
        monkeypatch.setattr(caching, "generations", lambda scope: [young])
        assert caching._replica_may_store(["gen:thread:1"])  # read from the primary
