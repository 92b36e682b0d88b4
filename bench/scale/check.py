"""``make scale-check``: the site scaled out on real engines, on this machine.

    python -m bench.scale.check                    # 30 requests/s for 90 s
    python -m bench.scale.check --rate 40 --duration 120

Starts a PostgreSQL primary with a streaming replica (``cluster``), Redis database
11, an S3-compatible store, two gunicorn app servers (production settings, 2
workers each), a live server (daphne), two job workers and HAProxy with
deploy/haproxy.cfg in front. Then, in order:

1. the checks across app servers (``across``): sessions, flood limits, the page
   cache, uploads, live updates;
2. jobs exactly once with two workers (``jobs``);
3. the load scenario through HAProxy (``phases``): the replica's replay paused
   for a while at a third, one app server killed at two thirds;
4. the counters against the rows, and every job queued during the run.

Prints the figures and PASS or MISS per target (``report``); exits 1 when an
invariant breaks. Every process and the cluster are stopped however it ends.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import redis

from bench import load
from bench.scale import across, jobs, members, phases, report, servers
from bench.scale.browser import Browser
from bench.scale.cluster import LocalReplication

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"
MIN_DURATION = 60  # the phases need a third each, the pause 15 s of the second


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=90, help="seconds of load")
    parser.add_argument("--rate", type=int, default=30, help="requests per second")
    parser.add_argument("--customers", type=int, default=200, help="signed-in members")
    parser.add_argument(
        "--redis-url", default=os.environ.get("SCALE_REDIS_URL", DEFAULT_REDIS_URL)
    )
    args = parser.parse_args(argv)
    if args.duration < MIN_DURATION:
        parser.error(f"--duration must be at least {MIN_DURATION} s")
    return args


def site_environment(
    args, cluster: LocalReplication, work_dir: Path, store: dict
) -> dict:
    """The load test's production environment, on the cluster, with a replica, the
    database job queue, e-mail to files and uploads in the bucket."""
    exact = argparse.Namespace(
        database_url=cluster.primary_url(), redis_url=args.redis_url
    )
    (work_dir / "static").mkdir()
    (work_dir / "mail").mkdir()
    return (
        load.load_environment(exact, str(work_dir / "static"))
        | store
        | {
            "DATABASE_REPLICA_URLS": cluster.replica_url(),
            # Small, so the paused replica is left within seconds and taken back soon.
            "REPLICA_MAX_LAG_SECONDS": "2",
            "REPLICA_CHECK_SECONDS": "1",
            "TASKS_BACKEND": "database",
            "EMAIL_URL": f"filemail:///{work_dir / 'mail'}",
        }
    )


def run_check(args) -> report.ScaleReport:
    outcome = report.ScaleReport()
    with ExitStack() as stack:
        cluster = stack.enter_context(LocalReplication())
        work_dir = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="crowd-scale-"))
        )
        store = stack.enter_context(servers.object_store())
        env = site_environment(args, cluster, work_dir, store)
        load_args = argparse.Namespace(
            **vars(args), database_url=cluster.primary_url(), reseed=False,
        )  # fmt: skip
        print("Preparing the database (migrate, seed the CI-size data set)", flush=True)
        load.prepare_database(load_args, env)
        deployment = load.Deployment(
            env=env, server=None, plan_path=work_dir / "plan.json", work_dir=work_dir
        )
        load.write_plan(load_args, env, deployment.plan_path)
        members.use_site_settings(env)
        people = _prepare_people()
        cluster.wait_until_replayed()
        site = stack.enter_context(servers.running_site(env, work_dir))
        print(f"Site up: HAProxy on {site.balancer_url}, app servers {site.app_ports}")
        outcome.across = _run_across_checks(
            site, people, redis.Redis.from_url(args.redis_url)
        )
        outcome.jobs = _run_job_check(site, people, work_dir / "mail")
        load_args.port = site.balancer_port
        print(
            f"Load: {args.rate} req/s for {args.duration} s through HAProxy", flush=True
        )
        outcome.load = phases.run_phases(load_args, site, cluster, deployment)
        outcome.queued_jobs = jobs.unfinished_jobs(wait_seconds=60)
        _close_database_connections()
    return outcome


def _prepare_people() -> dict:
    member = members.create_member("scale-member")
    writer = members.create_member("scale-writer")
    flooder = members.create_member("scale-flooder")
    asker = members.create_member("scale-asker")
    thread = members.start_thread(
        writer, title="Modem drops every evening after the update",
        body="Since the firmware update the modem drops out around 8pm.",
    )  # fmt: skip
    jobs_thread = members.start_thread(
        asker, title="Is the outage in the north fixed yet?",
        body="No service since this morning; anyone else?",
    )  # fmt: skip
    followers = [
        members.create_member(f"scale-follower-{number:02}", can_sign_in=False)
        for number in range(1, jobs.FOLLOWERS + 1)
    ]
    members.follow(jobs_thread, followers)
    return {
        "member": member, "writer": writer, "flooder": flooder, "asker": asker,
        "thread": thread, "jobs_thread": jobs_thread, "followers": followers,
    }  # fmt: skip


def _run_across_checks(
    site, people: dict, cache: redis.Redis
) -> list[across.CheckResult]:
    from django.conf import settings

    print("\nAcross app servers", flush=True)
    most, seconds = settings.MODERATION_RATE_LIMITS["post"][0]
    writer = Browser()
    writer.sign_in(site.app_url(across.SECOND), people["writer"])
    thread = people["thread"]
    checks = {
        "sessions": lambda: across.check_session(site, people["member"]),
        "flood limits": lambda: across.check_flood_limit(
            site, people["flooder"], thread, most=most, seconds=seconds
        ),
        "page cache": lambda: across.check_page_cache(site, writer, thread, cache),
        "uploads": lambda: across.check_upload(site, writer, thread),
        "live updates": lambda: across.check_live_update(site, writer, thread),
    }
    results = []
    for subject, check in checks.items():
        try:
            result = check()
        except Exception as error:  # noqa: BLE001 - a check that breaks has failed
            result = across.CheckResult(
                subject, False, f"{type(error).__name__}: {error}"
            )
        print(
            f"  {'PASS' if result.passed else 'FAIL'} {result.name}: {result.reason}",
            flush=True,
        )
        results.append(result)
    return results


def _run_job_check(site, people: dict, mail_dir: Path) -> jobs.JobsReport:
    print("\nJobs with two workers", flush=True)
    outcome = jobs.run_job_check(
        site.balancer_url, people["asker"], people["jobs_thread"], people["followers"],
        mail_dir=mail_dir,
    )  # fmt: skip
    problems = "; ".join(outcome.problems())
    workers = dict(sorted(outcome.by_worker.items()))
    print(
        f"  {'FAIL' if problems else 'PASS'} {len(outcome.claims)} e-mail jobs, "
        f"by worker {workers}: {problems or 'each ran once, one e-mail each'}",
        flush=True,
    )
    return outcome


def _close_database_connections() -> None:
    from django.db import connections

    connections.close_all()


def _stop_on_terminate(signum, frame) -> None:
    # SIGTERM unwinds like Ctrl-C, so every process and the cluster are stopped.
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_arguments(argv)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        outcome = run_check(args)
    except KeyboardInterrupt:
        print(
            "Interrupted: every process and the cluster are stopped.", file=sys.stderr
        )
        return 130
    report.print_report(outcome)
    return report.exit_status(outcome)


if __name__ == "__main__":
    sys.exit(main())
