"""compose.yaml: every role present, images pinned, health checked, ordered."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

COMPOSE = Path(settings.BASE_DIR) / "compose.yaml"
APP_SERVICES = {"web", "live", "worker", "scheduler"}
ONE_SHOTS = {"migrate", "createbucket"}
BACKING_SERVICES = {"postgres", "redis", "minio"}


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_compose_defines_every_role(services):
    assert set(services) == APP_SERVICES | ONE_SHOTS | BACKING_SERVICES


def test_every_image_is_pinned_to_a_version(services):
    for name, service in services.items():
        image = service["image"]
        if name in BACKING_SERVICES:
            repository, _, tag = image.rpartition(":")
            assert repository and tag, name
            assert tag != "latest", name
        assert not image.endswith(":latest"), name


def test_long_running_services_have_a_health_check(services):
    for name in APP_SERVICES | BACKING_SERVICES:
        healthcheck = services[name].get("healthcheck", {})
        assert healthcheck.get("test"), name
        assert not healthcheck.get("disable"), name


def test_one_shot_services_exit_and_inherit_no_http_check(services):
    for name in ONE_SHOTS:
        assert services[name]["restart"] == "no", name
        assert services[name]["healthcheck"] == {"disable": True}, name


def test_app_services_start_after_migrations_and_the_bucket(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        assert depends_on["createbucket"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == (
        "service_healthy"
    )


def test_each_role_runs_its_documented_command(services):
    assert "command" not in services["web"]  # the image's gunicorn
    assert services["live"]["command"][0] == "daphne"
    assert "community.asgi:application" in services["live"]["command"]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["migrate"]["command"] == [
        "python",
        "manage.py",
        "migrate",
        "--no-input",
    ]


def test_app_services_use_the_bucket_and_production_mode(services):
    environment = services["web"]["environment"]
    assert environment["DJANGO_ENV"] == "production"
    assert environment["AWS_STORAGE_BUCKET_NAME"]
    assert environment["AWS_S3_ADDRESSING_STYLE"] == "path"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["REDIS_URL"].startswith("redis://")
