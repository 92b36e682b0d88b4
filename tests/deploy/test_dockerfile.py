"""The production Dockerfile passes hadolint and keeps its safety properties."""

import shutil
import subprocess  # nosec B404
import sys
from pathlib import Path

from django.conf import settings

DOCKERFILE = Path(settings.BASE_DIR) / "Dockerfile"


def _hadolint() -> str:
    # Installed by requirements-dev.lock beside this interpreter; a missing one
    # fails the suite rather than skipping the check.
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: install requirements-dev.lock"
    return found


def test_dockerfile_passes_hadolint():
    result = subprocess.run(  # noqa: S603  # nosec B603
        [_hadolint(), "--no-color", "--failure-threshold", "warning", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_image_installs_hashed_locks_and_runs_as_a_non_root_user():
    text = DOCKERFILE.read_text()

    assert "--require-hashes -r /tmp/requirements.lock" in text
    assert "\nUSER 10001:10001\n" in text
    assert "deploy/healthcheck.py" in text.split("HEALTHCHECK", 1)[1]
    assert "FROM ${PYTHON_IMAGE}" in text
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
