"""Background jobs run exactly once with two workers: a reply posted through the
balancer to a thread that ``FOLLOWERS`` members follow queues one notification
e-mail job per follower (the product's own path: on commit, to the database
queue); two ``db_worker`` processes share them. Each job's row records every
worker that claimed it (``worker_ids``), and the e-mails land in files (Django's
file backend), so a job run twice or not at all shows twice over."""

from __future__ import annotations

import email
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.scale.browser import Browser, marked, posted_id
from bench.scale.members import Member, ThreadAddress

FOLLOWERS = 40
EMAIL_TASK = "forum.notifications.tasks.send_notification_email"
FINISHED = {"SUCCESSFUL", "FAILED"}
# Django's file backend ends every message with a line of 79 dashes.
MESSAGE_END = "\n" + "-" * 79 + "\n"


@dataclass
class JobsReport:
    expected: int
    # One entry per job: the workers that claimed it, in order.
    claims: list[list[str]] = field(default_factory=list)
    failed: int = 0
    emails_per_follower: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def by_worker(self) -> Counter[str]:
        return Counter(workers[0] for workers in self.claims if workers)

    def problems(self) -> list[str]:
        """A job missing, run twice, failed, or an e-mail missing or doubled."""
        found = []
        if len(self.claims) != self.expected:
            found.append(f"{len(self.claims)} jobs queued of {self.expected}")
        twice = sum(1 for workers in self.claims if len(workers) > 1)
        never = sum(1 for workers in self.claims if not workers)
        if twice:
            found.append(f"{twice} jobs run more than once")
        if never:
            found.append(f"{never} jobs never run")
        if self.failed:
            found.append(f"{self.failed} jobs failed")
        counts = list(self.emails_per_follower.values())
        if len(counts) != self.expected or any(count != 1 for count in counts):
            wrong = sum(1 for count in counts if count != 1)
            missing = self.expected - len(counts)
            found.append(f"e-mails: {missing} followers got none, {wrong} not one")
        return found


def run_job_check(
    balancer_url: str, asker: Member, thread: ThreadAddress, followers: list[Member],
    *, mail_dir: Path, wait_seconds: float = 90,
) -> JobsReport:  # fmt: skip
    """Reply as the asker through the balancer, then wait for the e-mail jobs."""
    browser = Browser()
    browser.sign_in(balancer_url, asker)
    body, _ = marked("Jobs check: an update for everyone following this question.")
    started = time.monotonic()
    post = posted_id(browser.reply(balancer_url, thread, body))
    report = JobsReport(expected=len(followers))
    if post is None:
        return report
    rows = _wait_for_jobs(post, expected=len(followers), seconds=wait_seconds)
    report.seconds = time.monotonic() - started
    report.claims = [list(row["worker_ids"]) for row in rows]
    report.failed = sum(1 for row in rows if row["status"] == "FAILED")
    addresses = {member.email for member in followers}
    delivered = Counter(
        to for to in recipients_in(mail_dir) if to in addresses
    )  # fmt: skip
    report.emails_per_follower = dict(delivered)
    return report


def _wait_for_jobs(post: int, *, expected: int, seconds: float) -> list[dict]:
    """The e-mail jobs of the post's notifications, once all have finished (or
    whatever there is when time runs out)."""
    from django_tasks_db.models import DBTaskResult

    from forum.notifications.models import Notification

    deadline = time.monotonic() + seconds
    rows: list[dict] = []
    while time.monotonic() < deadline:
        notifications = set(
            Notification.objects.filter(post_id=post).values_list("pk", flat=True)
        )
        rows = [
            row
            for row in DBTaskResult.objects.filter(task_path=EMAIL_TASK).values(
                "args_kwargs", "worker_ids", "status"
            )
            if row["args_kwargs"]["args"][:1]
            and row["args_kwargs"]["args"][0] in notifications
        ]
        if len(rows) >= expected and all(row["status"] in FINISHED for row in rows):
            return rows
        time.sleep(0.5)
    return rows


def recipients_in(mail_dir: Path) -> list[str]:
    """The To address of every message the file backend wrote, once per message."""
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        for text in path.read_text(errors="replace").split(MESSAGE_END):
            if text.strip():
                found.append(email.message_from_string(text).get("To", ""))
    return found


def unfinished_jobs(*, wait_seconds: float) -> tuple[int, int, int]:
    """After the load: every job queued during the run (followers of the load's
    threads hear of its replies), as (jobs, still queued or running, run twice)."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + wait_seconds
    while True:
        rows = list(DBTaskResult.objects.values_list("status", "worker_ids"))
        waiting = sum(1 for status, _ in rows if status not in FINISHED)
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(1)
    twice = sum(1 for _, workers in rows if len(workers) > 1)
    return len(rows), waiting, twice
