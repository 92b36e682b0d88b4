"""The background jobs: the periodic build and its scheduling."""

import pytest
from django.core.management import call_command

from forum.deflection import tasks
from forum.deflection.models import DailyBoardStats, StatsBuildState
from tests.deflection.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def database_tasks(settings):
    # django-tasks resets its backends when the TASKS setting changes.
    settings.TASKS = DATABASE_TASKS


def test_the_periodic_job_builds_the_aggregates(clock):
    Visitor().search("apn settings")
    clock.advance(hours=2)

    tasks.run_periodic_jobs.enqueue()

    assert DailyBoardStats.objects.get().deflected == 1
    assert StatsBuildState.load().last_run_at == clock.now


def test_an_immediate_backend_cannot_schedule_the_periodic_job():
    assert tasks.schedule_periodic_jobs() is False


def test_scheduling_on_the_database_backend_queues_one_run(database_tasks):
    from django_tasks_db.models import DBTaskResult

    call_command("schedule_deflection_jobs")
    call_command("schedule_deflection_jobs")

    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == tasks.run_periodic_jobs.module_path
    assert queued.run_after is not None
