"""Run the replica tests (tests/replicas/streaming) against a primary and a
streaming replica started for them: ``python -m bench.scale.replica_tests``.

The tests need the app configured with both servers from its first import, so
they run in a process of their own, with the addresses in its environment. Extra
arguments go to pytest. The exit status is pytest's.
"""

import os
import subprocess  # nosec B404 (runs this interpreter's pytest, no shell)
import sys

from bench.scale.cluster import LocalReplication

TESTS = "tests/replicas/streaming"


def run(extra: list[str]) -> int:
    # The parent's pytest settings (a parallel worker's name, say) are not this run's.
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "DATABASE_", "REPLICA_TEST_"))
    }
    with LocalReplication() as cluster:
        environment.update(cluster.environment())
        command = [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--no-cov",
            "-n", "0", "-q", TESTS, *extra,
        ]  # fmt: skip
        return subprocess.call(command, env=environment)  # noqa: S603  # nosec B603


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
