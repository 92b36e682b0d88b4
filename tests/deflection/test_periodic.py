"""The periodic run (`manage.py run_deflection_jobs`, deploy/crontab)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from forum.deflection.models import DailyBoardStats, StatsBuildState
from forum.deflection.services import periodic
from tests.concurrency import run_twice_at_once
from tests.deflection.conftest import Visitor

pytestmark = pytest.mark.django_db


def test_the_periodic_run_builds_the_aggregates(clock, capsys):
    Visitor().search("apn settings")
    clock.advance(hours=2)

    call_command("run_deflection_jobs")

    assert DailyBoardStats.objects.get().deflected == 1
    assert StatsBuildState.load().last_run_at == clock.now
    assert "1 journeys recomputed, 1 days rebuilt." in capsys.readouterr().out


def test_a_failing_step_fails_the_run_and_the_others_still_run(
    clock, monkeypatch, caplog
):
    Visitor().search("apn settings")
    clock.advance(hours=2)

    def unreachable(**kwargs):
        raise ConnectionError("helpdesk unreachable")

    monkeypatch.setattr(periodic, "deliver_due", unreachable)

    with pytest.raises(CommandError, match="Failed: deliver_due"):
        call_command("run_deflection_jobs")

    assert DailyBoardStats.objects.get().deflected == 1
    assert "Periodic step deliver_due failed" in caplog.text


def test_summaries_are_not_queued_after_a_failed_build(monkeypatch):
    queued = []
    monkeypatch.setattr(periodic, "_enqueue_report_summaries", lambda: queued.append(1))

    def broken(**kwargs):
        raise RuntimeError("aggregates unavailable")

    monkeypatch.setattr(periodic, "build_deflection_stats", broken)

    run = periodic.run_periodic_jobs()

    assert run.failed == ["build_deflection_stats"]
    assert queued == []
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_count_each_journey_once(clock, monkeypatch, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("parallel runs need PostgreSQL; SQLite serialises them")
    Visitor().search("apn settings")
    clock.advance(hours=2)

    run_twice_at_once(
        lambda: call_command("run_deflection_jobs"),
        holding=(periodic, "deliver_due"),
        monkeypatch=monkeypatch,
    )

    assert DailyBoardStats.objects.get().deflected == 1
    assert "run_deflection_jobs skipped" in caplog.text
