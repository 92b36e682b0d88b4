"""The replica tests (tests/replicas/streaming) on a real PostgreSQL primary and a
streaming replica of it, both started for them with pg_basebackup."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.scale.cluster import PostgresMissing, bin_dir
from tests.conftest import RUNNING_IN_CI

pytestmark = pytest.mark.cluster

STREAMING_TESTS = Path(__file__).parent / "streaming"


def expected_tests() -> int:
    return sum(
        len(re.findall(r"^def test_", path.read_text(), flags=re.MULTILINE))
        for path in STREAMING_TESTS.glob("test_*.py")
    )


def test_the_replica_tests_pass_on_a_primary_and_its_streaming_replica():
    try:
        bin_dir()
    except PostgresMissing as missing:
        if RUNNING_IN_CI:
            raise
        pytest.skip(str(missing))

    result = subprocess.run(
        [sys.executable, "-m", "bench.scale.replica_tests"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) == expected_tests(), output[-3000:]
