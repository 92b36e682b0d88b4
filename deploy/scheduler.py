"""A small stand-in for cron in the compose deployment: README "Production
deployment", step 6. At start it queues the self-repeating background jobs (the
deflection job, the hourly upload purge), then runs the periodic commands when
their minute comes (UTC). Every command is idempotent, so a restart that runs one
twice is harmless. A platform with its own scheduler (cron, Kubernetes CronJobs)
should run the same commands there instead and drop this service.
"""

import subprocess  # nosec B404 (fixed commands, no shell)
import sys
import time
from datetime import UTC, datetime

MANAGE = [sys.executable, "manage.py"]

# Queued once at start (after each deploy); the jobs then reschedule themselves
# on the worker.
AT_START = [["schedule_deflection_jobs"], ["purge_uploads", "--schedule"]]

# (hour or None for every hour, minute, command)
PERIODIC = [
    (7, 0, ["send_digests"]),
    (None, 0, ["send_accept_reminders"]),
    (3, 30, ["purge_expired_data"]),
]


def due_commands(now: datetime) -> list[list[str]]:
    """The periodic commands whose minute ``now`` is."""
    return [
        command
        for hour, minute, command in PERIODIC
        if now.minute == minute and hour in (None, now.hour)
    ]


def run(command: list[str]) -> int:
    print(f"scheduler: running {' '.join(command)}", flush=True)
    status = subprocess.call([*MANAGE, *command])  # noqa: S603  # nosec B603
    if status:
        print(f"scheduler: {command[0]} exited with {status}", flush=True)
    return status


def main() -> None:
    for command in AT_START:
        run(command)
    while True:
        # Wake at the start of the next minute, so each minute is looked at once.
        time.sleep(60 - time.time() % 60)
        for command in due_commands(datetime.now(UTC)):
            run(command)


if __name__ == "__main__":
    main()
