"""The daily retention job: sessions, audit entries and deflection data."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from community.retention import purge_expired_data
from forum.deflection.models import JourneyEvent
from forum.moderation.models import AuditEntry
from tests.concurrency import run_twice_at_once

pytestmark = pytest.mark.django_db


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return store.session_key


def _audit(age_days: int) -> AuditEntry:
    return AuditEntry.objects.create(
        action="hide_post",
        target_type="post",
        target_id=1,
        created_at=timezone.now() - timedelta(days=age_days),
    )


def _event(age_days: int) -> JourneyEvent:
    return JourneyEvent.objects.create(
        journey_id="j" * 22,
        kind="search",
        query="modem",
        created_at=timezone.now() - timedelta(days=age_days),
    )


def test_expired_sessions_old_audit_and_raw_events_go_in_batches(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    settings.DEFLECTION_RETENTION_DAYS = 90
    live = _session(timedelta(days=1))
    for _ in range(3):
        _session(-timedelta(days=1))
    kept_audit, old_audit = _audit(29), _audit(31)
    kept_event, old_event = _event(89), _event(91)

    deleted = purge_expired_data(batch_size=2)

    assert deleted["sessions"] == 3 and deleted["audit_entries"] == 1
    assert deleted["events"] == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert list(AuditEntry.objects.all()) == [kept_audit]
    assert list(JourneyEvent.objects.all()) == [kept_event]
    assert old_audit.pk and old_event.pk


def test_running_twice_deletes_nothing_more(settings):
    _session(-timedelta(days=1))
    _audit(10_000)
    purge_expired_data()

    again = purge_expired_data()

    assert set(again.values()) == {0}


def test_the_command_reports_what_it_deleted(capsys):
    _audit(10_000)

    call_command("purge_expired_data", "--batch-size", "10")

    assert "1 audit_entries" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_purges_at_once_delete_each_row_once(monkeypatch, capsys, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("parallel runs need PostgreSQL; SQLite serialises them")
    from community.management.commands import purge_expired_data as command

    _audit(10_000)

    run_twice_at_once(
        lambda: call_command("purge_expired_data"),
        holding=(command, "purge_expired_data"),
        monkeypatch=monkeypatch,
    )

    assert capsys.readouterr().out.count("1 audit_entries") == 1
    assert "purge_expired_data skipped" in caplog.text
