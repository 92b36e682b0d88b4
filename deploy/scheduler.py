"""The compose deployment's scheduler: APScheduler running deploy/crontab's lines,
so that the schedule is written once, for cron and for this service alike (README
"Production deployment", step 6; docs/deploy.md, "Periodic jobs").

Each line's command runs as its own ``manage.py`` process, as cron would run it: a
job that crashes or leaks takes nothing else down, and this process needs no
Django. A job still running when its next time comes is not started again here,
and one that runs twice anyway (a second scheduler, a host's cron beside this)
skips by its own lock (community/jobs.py).
"""

import logging
import re
import shlex
import subprocess  # nosec B404 (commands from the repository's crontab, no shell)
import sys
from dataclasses import dataclass
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

PROJECT = Path(__file__).resolve().parent.parent
CRONTAB = PROJECT / "deploy" / "crontab"
TIMEZONE = "UTC"
# A job whose time passed while the scheduler was busy or restarting still runs
# within this many seconds of it; later, it waits for its next time.
MISFIRE_GRACE_SECONDS = 300
ENVIRONMENT_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*=")

logger = logging.getLogger("scheduler")


@dataclass(frozen=True)
class CronLine:
    schedule: str  # the five time fields
    arguments: tuple[str, ...]  # what follows `manage.py`

    @property
    def name(self) -> str:
        return self.arguments[0]


def read_crontab(text: str) -> list[CronLine]:
    """The crontab's job lines; comments, blank lines and NAME=value lines (cron's
    environment, which this container already has) are left out."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ENVIRONMENT_LINE.match(line):
            continue
        lines.append(parse_line(line))
    return lines


def parse_line(line: str) -> CronLine:
    """One job line: five time fields, then `cd DIR && python manage.py ...`;
    raises ValueError for anything else."""
    fields = line.split(maxsplit=5)
    if len(fields) != 6:
        raise ValueError(f"Not a crontab job line: {line!r}")
    *times, command = fields
    if re.search(r"\d", times[4]):
        # APScheduler 3 counts weekdays from Monday, cron from Sunday: names
        # mean the same to both.
        raise ValueError(f"Name the weekdays (mon, tue...), not numbers: {line!r}")
    schedule = " ".join(times)
    CronTrigger.from_crontab(schedule, timezone=TIMEZONE)  # ValueError if malformed
    words = shlex.split(command.split("&&")[-1])
    if len(words) < 3 or words[1] != "manage.py":
        raise ValueError(f"Not a `python manage.py` command: {line!r}")
    return CronLine(schedule=schedule, arguments=tuple(words[2:]))


def run_command(arguments: tuple[str, ...]) -> int:
    logger.info("running %s", " ".join(arguments))
    status = subprocess.call(  # noqa: S603  # nosec B603
        [sys.executable, "manage.py", *arguments], cwd=PROJECT
    )
    if status:
        logger.error("%s exited with %s", arguments[0], status)
    return status


def build_scheduler(lines: list[CronLine]) -> BlockingScheduler:
    """A scheduler with one job per crontab line, not yet started."""
    scheduler = BlockingScheduler(timezone=TIMEZONE)
    for line in lines:
        scheduler.add_job(
            run_command,
            CronTrigger.from_crontab(line.schedule, timezone=TIMEZONE),
            args=[line.arguments],
            id=" ".join(line.arguments),
            name=" ".join(line.arguments),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )
    return scheduler


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    build_scheduler(read_crontab(CRONTAB.read_text())).start()


if __name__ == "__main__":
    main()
