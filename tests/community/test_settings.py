import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest

from community.environment import cache_settings, social_providers_from_env

PROJECT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x8Yq2Lm9Pz4Rt7Wv1Nb6Hc3Jd5Fg0Sa-" * 2


def run_manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"))
    }
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        # A bound so a hung command fails the test, not a timing target: brotli
        # compression of every static file takes minutes on a busy shared runner.
        timeout=900,
    )


def fake_env(monkeypatch, **variables) -> environ.Env:
    for name in (
        "CACHE_URL",
        "REDIS_URL",
        "GOOGLE_CLIENT_ID",
        "GOOGLE_CLIENT_SECRET",
        "APPLE_CLIENT_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return environ.Env()


def test_production_without_secret_key_is_a_clear_startup_error():
    result = run_manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="example.com")

    assert result.returncode != 0
    assert "SECRET_KEY is required when DJANGO_ENV=production" in result.stderr


def test_production_without_allowed_hosts_is_a_clear_startup_error():
    result = run_manage("check", DJANGO_ENV="production", SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_unknown_mode_is_refused():
    result = run_manage("check", DJANGO_ENV="staging")

    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="community.example.com",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_complains_in_development_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


def test_production_collects_static_files_with_hashed_compressed_names(tmp_path):
    result = run_manage(
        "collectstatic",
        "--no-input",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="community.example.com",
        STATIC_ROOT=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    hashed = [p.name for p in (tmp_path / "css").glob("site.*.css")]
    assert hashed, "site.css should be stored under a content-hashed name"
    assert (tmp_path / "css" / f"{hashed[0]}.gz").exists()
    assert (tmp_path / "staticfiles.json").exists()
    # Source maps are stored but not compressed (only developer tools fetch them).
    assert list(tmp_path.rglob("*.map"))
    assert not list(tmp_path.rglob("*.map.gz")) + list(tmp_path.rglob("*.map.br"))


def test_cache_defaults_to_local_memory(monkeypatch):
    caches = cache_settings(fake_env(monkeypatch))

    assert caches["default"]["BACKEND"].endswith("LocMemCache")


def test_redis_url_selects_djangos_redis_cache(monkeypatch):
    caches = cache_settings(fake_env(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/1"))

    assert caches["default"]["BACKEND"] == "community.cache.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_cache_url_wins_over_redis_url(monkeypatch):
    env = fake_env(
        monkeypatch, CACHE_URL="dummycache://", REDIS_URL="redis://127.0.0.1:6379/1"
    )

    assert cache_settings(env)["default"]["BACKEND"].endswith("DummyCache")


def test_social_providers_are_off_without_keys(monkeypatch):
    assert social_providers_from_env(fake_env(monkeypatch)) == {}


def test_a_social_provider_is_on_only_when_all_its_keys_are_set(monkeypatch):
    env = fake_env(monkeypatch, GOOGLE_CLIENT_ID="id-123", APPLE_CLIENT_ID="half")
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "s3cret")

    providers = social_providers_from_env(env)

    assert list(providers) == ["google"]
    assert providers["google"]["APPS"][0]["client_id"] == "id-123"


@pytest.mark.parametrize(
    "variables",
    [
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/crowd"},
        {"REDIS_URL": "redis://127.0.0.1:6379/0"},
    ],
)
def test_settings_read_connection_urls(variables):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    result = run_manage("shell", "-c", code, **variables)

    assert result.returncode == 0, result.stderr
    if "DATABASE_URL" in variables:
        assert "django.db.backends.postgresql" in result.stdout
    else:
        assert "RedisCache" in result.stdout
