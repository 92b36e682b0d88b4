"""A PostgreSQL primary and a streaming replica of it, on two local ports, made
from the machine's PostgreSQL binaries (``initdb``, ``pg_basebackup``,
``pg_ctl``) in a folder of their own and removed afterwards.

The replica is a real hot standby: ``pg_basebackup -R`` copies the primary and
writes the standby settings, and it then replays the primary's WAL as it streams.
Stopping it, pausing its replay (to make it lag) and starting it again are what
the replica tests and ``make scale-check`` do to it. PostgreSQL refuses to run as
root, so as root the servers run as the ``postgres`` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess  # nosec B404 (fixed PostgreSQL commands, no shell)
import tempfile
import time
from pathlib import Path

import psycopg

DATABASE = "crowd_replicas"
# Durability is not the point here: the clusters live for one run.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "wal_level": "replica",
    "max_wal_senders": "5",
    "hot_standby": "on",
    "fsync": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "max_connections": "200",
    # Replies from the standby often enough that its lag is seen quickly.
    "wal_receiver_status_interval": "1s",
}


class PostgresMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bin_dir() -> Path:
    """The folder of the server binaries (``pg_config --bindir``)."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run(  # noqa: S603  # nosec B603
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    raise PostgresMissing(
        "PostgreSQL's server binaries (initdb, pg_basebackup, pg_ctl) were not "
        "found: install Debian's postgresql package."
    )


class LocalReplication:
    def __init__(
        self,
        root: Path | None = None,
        *,
        primary_port: int | None = None,
        replica_port: int | None = None,
    ) -> None:
        self.bin = bin_dir()
        self.root = Path(root or tempfile.mkdtemp(prefix="crowd-replication-"))
        # Free ports by default, so two runs on one machine never meet.
        self.primary_port = primary_port or free_port()
        self.replica_port = replica_port or free_port()
        self.primary_dir = self.root / "primary"
        self.replica_dir = self.root / "replica"
        self._run_as = "postgres" if os.geteuid() == 0 else None

    # --- addresses -------------------------------------------------------------

    def primary_url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.primary_port}/{database}"

    def replica_url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/{database}"

    def environment(self) -> dict[str, str]:
        """What the app and the replica tests need to find both servers."""
        return {
            "DATABASE_URL": self.primary_url(),
            "DATABASE_REPLICA_URLS": self.replica_url(),
            "REPLICA_TEST_ROOT": str(self.root),
            "REPLICA_TEST_PRIMARY_PORT": str(self.primary_port),
            "REPLICA_TEST_REPLICA_PORT": str(self.replica_port),
        }

    @classmethod
    def from_environment(cls) -> LocalReplication:
        """The replication a parent process started (``environment()``)."""
        return cls(
            Path(os.environ["REPLICA_TEST_ROOT"]),
            primary_port=int(os.environ["REPLICA_TEST_PRIMARY_PORT"]),
            replica_port=int(os.environ["REPLICA_TEST_REPLICA_PORT"]),
        )

    # --- life cycle ------------------------------------------------------------

    def start(self) -> None:
        self._own_root()
        self._pg(
            "initdb", "-D", self.primary_dir, "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip
        settings = {**SETTINGS, "port": str(self.primary_port)}
        settings["unix_socket_directories"] = f"'{self.root}'"
        self._append_settings(self.primary_dir, settings)
        self._append(
            self.primary_dir / "pg_hba.conf",
            "host replication all 127.0.0.1/32 trust\n",
        )
        self._start_server(self.primary_dir, self.primary_port)
        with self.connect(self.primary_port, "postgres") as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
        self._pg(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port),
            "-U", "postgres", "-D", self.replica_dir, "-R", "-X", "stream",
            "-c", "fast", "--no-sync",
        )  # fmt: skip
        self._append_settings(self.replica_dir, {"port": str(self.replica_port)})
        self.start_replica()

    def stop(self) -> None:
        for data_dir in (self.replica_dir, self.primary_dir):
            if (data_dir / "postmaster.pid").exists():
                self._pg("pg_ctl", "-D", data_dir, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalReplication:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- what the tests do to the replica ----------------------------------------

    def stop_replica(self) -> None:
        """As a crash would: no goodbye to its clients."""
        self._pg("pg_ctl", "-D", self.replica_dir, "-m", "immediate", "-w", "stop")

    def start_replica(self) -> None:
        self._start_server(self.replica_dir, self.replica_port)
        self.wait_until_streaming()

    def replica_running(self) -> bool:
        return (self.replica_dir / "postmaster.pid").exists()

    def restore_replica(self) -> None:
        """Running, replaying and caught up, whatever a test did to it."""
        if not self.replica_running():
            self.start_replica()
        self.resume_replay()
        self.wait_until_streaming()
        self.wait_until_replayed()

    def pause_replay(self) -> None:
        """The replica keeps receiving WAL but applies none: it lags."""
        with self.connect(self.replica_port, "postgres") as connection:
            connection.execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        with self.connect(self.replica_port, "postgres") as connection:
            connection.execute("SELECT pg_wal_replay_resume()")

    def wait_until_streaming(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with self.connect(self.replica_port, "postgres") as connection:
                    row = connection.execute(
                        "SELECT status FROM pg_stat_wal_receiver"
                    ).fetchone()
                if row and row[0] == "streaming":
                    return
            except psycopg.OperationalError:
                pass
            time.sleep(0.2)
        raise RuntimeError("The replica did not start streaming from the primary.")

    def wait_until_replayed(self, timeout: float = 30) -> None:
        """Until the replica has applied everything the primary has written."""
        self._wait_for("pg_last_wal_replay_lsn()", timeout, "catch up with")

    def wait_until_received(self, timeout: float = 30) -> None:
        """Until the replica has received (not necessarily applied) it all."""
        self._wait_for("pg_last_wal_receive_lsn()", timeout, "receive the WAL of")

    def _wait_for(self, position: str, timeout: float, what: str) -> None:
        with self.connect(self.primary_port, "postgres") as connection:
            target = connection.execute(
                "SELECT pg_current_wal_insert_lsn()"
            ).fetchone()[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.connect(self.replica_port, "postgres") as connection:
                reached = connection.execute(
                    f"SELECT {position} >= %s::pg_lsn",
                    [target],  # noqa: S608  # nosec B608
                ).fetchone()[0]
            if reached:
                return
            time.sleep(0.05)
        raise RuntimeError(f"The replica did not {what} the primary in {timeout:g} s.")

    def connect(self, port: int, database: str) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname=database,
            autocommit=True, connect_timeout=5,
        )  # fmt: skip

    # --- internals ----------------------------------------------------------------

    def _start_server(self, data_dir: Path, port: int) -> None:
        self._pg(
            "pg_ctl", "-D", data_dir, "-l", self.root / f"{data_dir.name}.log",
            "-o", f"-p {port}", "-w", "-t", "60", "start",
        )  # fmt: skip

    def _own_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self._run_as:
            user = pwd.getpwnam(self._run_as)
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.root.chmod(0o700)

    def _append_settings(self, data_dir: Path, settings: dict[str, str]) -> None:
        lines = "".join(f"{name} = {value}\n" for name, value in settings.items())
        self._append(data_dir / "postgresql.auto.conf", lines)

    def _append(self, path: Path, text: str) -> None:
        with path.open("a") as file:
            file.write(text)

    def _pg(self, program: str, *arguments) -> None:
        command = [str(self.bin / program), *map(str, arguments)]
        if self._run_as:
            command = ["runuser", "-u", self._run_as, "--", *command]
        result = subprocess.run(  # noqa: S603  # nosec B603
            command, capture_output=True, text=True, check=False
        )
        if result.returncode:
            output = result.stdout + result.stderr
            raise RuntimeError(f"{program} failed ({result.returncode}):\n{output}")
