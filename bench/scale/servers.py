"""A scaled-out site on one machine: an S3-compatible store (moto's server), two
gunicorn app servers, a live (ASGI) server, two job workers and HAProxy in front,
all over one PostgreSQL primary with its replica and one Redis.

Every process starts in a session of its own, so stopping one (or killing one, as
the check does to an app server) takes all it started; ``running_site`` stops
whatever is still running however its block ends.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess  # nosec B404 (our own servers, fixed arguments, no shell)
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import run as bench
from bench.scale import balancer
from bench.scale.cluster import free_port

SITE_HOST = "127.0.0.1"
BUCKET = "crowd-scale-uploads"
# moto accepts any key; the app signs its URLs with these (no secret: a store that
# lives for one run on loopback).
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",  # nosec B105
}
WORKERS = ("scale-worker-1", "scale-worker-2")


@dataclass
class Site:
    work_dir: Path
    balancer_port: int
    app_ports: dict[str, int]
    live_port: int
    stats_socket: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def balancer_url(self) -> str:
        return f"http://{SITE_HOST}:{self.balancer_port}"

    def app_url(self, name: str) -> str:
        return f"http://{SITE_HOST}:{self.app_ports[name]}"

    def kill(self, name: str) -> None:
        """SIGKILL the process and everything it started, as a crash would."""
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def object_store() -> Iterator[dict[str, str]]:
    """An S3-compatible server (moto) with the uploads bucket; yields the settings
    that point the app at it."""
    import boto3
    from moto.server import ThreadedMotoServer

    from deploy.create_bucket import ensure_bucket

    # The store's request log would bury the check's own report.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address=SITE_HOST, port=port, verbose=False)
    server.start()
    try:
        settings = {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://{SITE_HOST}:{port}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            **S3_CREDENTIALS,
        }
        client = boto3.client(
            "s3",
            endpoint_url=settings["AWS_S3_ENDPOINT_URL"],
            region_name=settings["AWS_S3_REGION_NAME"],
            aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        ensure_bucket(client, BUCKET)
        yield settings
    finally:
        server.stop()


@contextmanager
def running_site(env: dict, work_dir: Path) -> Iterator[Site]:
    """Both app servers, the live server, two job workers and HAProxy, healthy."""
    site = Site(
        work_dir=work_dir,
        balancer_port=free_port(),
        app_ports={name: free_port() for name in balancer.APP_SERVERS},
        live_port=free_port(),
        stats_socket=work_dir / "haproxy.sock",
    )
    with ExitStack() as stack:
        stack.callback(_stop_all, site)
        for name, port in site.app_ports.items():
            server = bench.start_gunicorn(argparse.Namespace(port=port), env)
            site.processes[name] = server
        site.processes["live"] = _start_live_server(env, site.live_port, work_dir)
        for worker in WORKERS:
            site.processes[worker] = _start_job_worker(env, worker, work_dir)
        _start_balancer(site)
        yield site


def _start_live_server(env: dict, port: int, work_dir: Path) -> subprocess.Popen:
    daphne = Path(sys.executable).with_name("daphne")
    with (work_dir / "live.log").open("ab") as log:
        server = subprocess.Popen(  # noqa: S603  # nosec B603
            [
                str(daphne), "-b", SITE_HOST, "-p", str(port),
                "community.asgi:application",
            ],
            cwd=bench.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return bench.wait_until_healthy(server, port, seconds=60, name="daphne")


def _start_job_worker(env: dict, worker_id: str, work_dir: Path) -> subprocess.Popen:
    # A short interval: a batch queued at once is shared by both workers rather
    # than finished by whichever woke first. Each job's log line goes to a file.
    with (work_dir / f"{worker_id}.log").open("ab") as log:
        return subprocess.Popen(  # noqa: S603  # nosec B603
            [
                sys.executable, "manage.py", "db_worker", "--worker-id", worker_id,
                "--interval", "0.2", "--no-startup-delay",
            ],
            cwd=bench.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _start_balancer(site: Site) -> None:
    variables = balancer.environment(
        bind=f"{SITE_HOST}:{site.balancer_port}",
        stats_socket=site.stats_socket,
        app_servers=[f"{SITE_HOST}:{port}" for port in site.app_ports.values()],
        live_server=f"{SITE_HOST}:{site.live_port}",
        site_host=SITE_HOST,
    )
    log = site.work_dir / "haproxy.log"
    site.processes["haproxy"] = process = balancer.start(variables, log=log)
    balancer.wait_until_up(process, site.stats_socket, log=log)


def _stop_all(site: Site) -> None:
    # The balancer first, so no request meets a server on its way down.
    for name in reversed(list(site.processes)):
        bench.stop_process_group(site.processes[name])
