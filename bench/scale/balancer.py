"""HAProxy in front of the app servers, run with the repository's own configuration
(deploy/haproxy.cfg) and read through its stats socket: each server's requests,
health and the retries it cost."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess  # nosec B404 (HAProxy with fixed arguments, no shell)
import time
from dataclasses import dataclass
from pathlib import Path

from bench import run as bench

CONFIG = bench.ROOT / "deploy" / "haproxy.cfg"
DEBIAN_BINARY = Path("/usr/sbin/haproxy")
APP_SERVERS = ("app1", "app2")


class HaproxyMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class ServerStats:
    backend: str
    name: str
    status: str
    requests: int
    responses_5xx: int
    retries: int
    redispatches: int


def binary() -> Path:
    found = shutil.which("haproxy")
    if found:
        return Path(found)
    if DEBIAN_BINARY.exists():
        return DEBIAN_BINARY
    raise HaproxyMissing(
        "HAProxy was not found: install Debian's haproxy package (apt-get install "
        "haproxy)."
    )


def environment(
    *,
    bind: str,
    stats_socket: Path,
    app_servers: list[str],
    live_server: str,
    site_host: str,
) -> dict[str, str]:
    """The variables deploy/haproxy.cfg reads."""
    first, second = app_servers
    return {
        "HAPROXY_BIND": bind,
        "HAPROXY_STATS_SOCKET": str(stats_socket),
        "APP_SERVER_1": first,
        "APP_SERVER_2": second,
        "LIVE_SERVER": live_server,
        "SITE_HOST": site_host,
    }


def check_config(variables: dict[str, str]) -> subprocess.CompletedProcess:
    """``haproxy -c``: whether the configuration is valid with these variables."""
    return subprocess.run(  # noqa: S603  # nosec B603
        [str(binary()), "-c", "-f", str(CONFIG)],
        env={"PATH": "/usr/sbin:/usr/bin:/bin", **variables},
        capture_output=True,
        text=True,
        check=False,
    )


def start(variables: dict[str, str], *, log: Path) -> subprocess.Popen:
    """HAProxy in the foreground (``-db``), in a session of its own; what it says
    (servers going down and up) goes to ``log``."""
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603  # nosec B603
            [str(binary()), "-db", "-f", str(CONFIG)],
            env={"PATH": "/usr/sbin:/usr/bin:/bin", **variables},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def read_stats(stats_socket: Path) -> dict[str, ServerStats]:
    """Every server's figures now, by ``backend/server`` name."""
    with socket.socket(socket.AF_UNIX) as connection:
        connection.settimeout(5)
        connection.connect(str(stats_socket))
        connection.sendall(b"show stat\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return parse_stats(b"".join(chunks).decode())


def parse_stats(text: str) -> dict[str, ServerStats]:
    """The servers' rows of ``show stat`` (CSV under a ``# `` header)."""
    rows = csv.DictReader(io.StringIO(text.removeprefix("# ")))
    servers = {}
    for row in rows:
        if row["svname"] in {"FRONTEND", "BACKEND"}:
            continue
        servers[f"{row['pxname']}/{row['svname']}"] = ServerStats(
            backend=row["pxname"],
            name=row["svname"],
            status=row["status"],
            requests=_number(row.get("req_tot")),
            responses_5xx=_number(row.get("hrsp_5xx")),
            retries=_number(row.get("wretr")),
            redispatches=_number(row.get("wredis")),
        )
    return servers


def wait_until_up(
    process: subprocess.Popen, stats_socket: Path, *, log: Path, seconds: float = 30
) -> None:
    """Until HAProxy's health checks see every server up."""
    deadline = time.monotonic() + seconds
    statuses: dict[str, str] = {}
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"HAProxy exited ({process.returncode}):\n{said}")
        try:
            statuses = {
                name: stats.status for name, stats in read_stats(stats_socket).items()
            }
        except OSError:
            statuses = {}
        if statuses and all(status == "UP" for status in statuses.values()):
            return
        time.sleep(0.3)
    raise RuntimeError(f"HAProxy's servers did not all come up: {statuses}")


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0
