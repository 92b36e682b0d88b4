"""deploy/crontab, the one schedule of the periodic jobs, and the compose
scheduler that runs it (deploy/scheduler.py) without sleeping through it."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

from deploy import scheduler
from deploy.scheduler import CRONTAB, build_scheduler, parse_line, read_crontab
from forum.deflection import conf

DEPLOY_DOC = Path(settings.BASE_DIR) / "docs" / "deploy.md"


@pytest.fixture(scope="module")
def lines():
    return read_crontab(CRONTAB.read_text())


def next_run(job, after: datetime) -> datetime:
    return job.trigger.get_next_fire_time(None, after)


def _at(hour: int, minute: int) -> datetime:
    return datetime(2026, 12, 7, hour, minute, tzinfo=UTC)


def test_the_crontab_names_only_existing_commands_with_valid_arguments(lines):
    commands = get_commands()
    for line in lines:
        assert line.name in commands, line
        command = load_command_class(commands[line.name], line.name)
        command.create_parser("manage.py", line.name).parse_args(line.arguments[1:])


def test_the_crontab_schedules_every_periodic_job(lines):
    assert {line.name for line in lines} == {
        "run_deflection_jobs",
        "purge_uploads",
        "send_accept_reminders",
        "send_digests",
        "purge_expired_data",
    }


def test_the_deflection_jobs_run_as_often_as_the_report_expects(lines):
    [line] = [line for line in lines if line.name == "run_deflection_jobs"]
    # The report's rollups look ahead by this interval (forum.deflection.conf).
    minutes = conf.jobs_interval() // timedelta(minutes=1)
    assert line.schedule == f"*/{minutes} * * * *"


def test_the_scheduler_has_one_job_per_crontab_line(lines):
    jobs = {job.id: job for job in build_scheduler(lines).get_jobs()}

    assert set(jobs) == {" ".join(line.arguments) for line in lines}
    assert next_run(jobs["send_digests"], _at(6, 59)) == _at(7, 0)
    assert next_run(jobs["send_digests"], _at(7, 1)) == _at(7, 0) + timedelta(days=1)
    assert next_run(jobs["send_accept_reminders"], _at(13, 1)) == _at(14, 0)
    assert next_run(jobs["purge_expired_data"], _at(0, 0)) == _at(3, 30)
    assert next_run(jobs["purge_uploads"], _at(13, 20)) == _at(14, 15)
    assert next_run(jobs["run_deflection_jobs"], _at(13, 1)) == _at(13, 10)


def test_the_scheduler_never_runs_a_job_beside_itself(lines):
    for job in build_scheduler(lines).get_jobs():
        assert job.max_instances == 1
        assert job.coalesce is True


def test_a_job_runs_its_command_as_a_manage_py_process(lines, monkeypatch):
    calls = []
    monkeypatch.setattr(
        scheduler.subprocess, "call", lambda argv, **kw: calls.append((argv, kw)) or 0
    )
    [job] = [j for j in build_scheduler(lines).get_jobs() if j.id == "send_digests"]

    job.func(*job.args)

    [(argv, options)] = calls
    assert argv[1:] == ["manage.py", "send_digests"]
    assert options["cwd"] == scheduler.PROJECT


def test_comments_and_environment_lines_are_not_jobs():
    text = "# a comment\n\nPATH=/app/.venv/bin:/usr/bin\nMAILTO=''\n"
    text += "0 7 * * *  cd /app && python manage.py send_digests --verbosity 2\n"

    [line] = read_crontab(text)

    assert line.schedule == "0 7 * * *"
    assert line.arguments == ("send_digests", "--verbosity", "2")


@pytest.mark.parametrize(
    "line",
    [
        "0 7 * *  cd /app && python manage.py send_digests",  # four time fields
        "0 7 * * 1  cd /app && python manage.py send_digests",  # a weekday number
        "0 7 * * *  /usr/bin/backup",  # not a manage.py command
    ],
)
def test_lines_the_scheduler_would_misread_are_refused(line):
    with pytest.raises(ValueError):
        parse_line(line)


def test_the_systemd_timers_in_the_docs_cover_the_same_jobs(lines):
    timers = set(re.findall(r"crowd-job@([a-z_]+)\.timer", DEPLOY_DOC.read_text()))

    assert timers == {line.name for line in lines}
