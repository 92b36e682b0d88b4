"""What a newcomer hit first: links on another port, tracebacks for a 403."""

import logging
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import include, path

from tests.community.test_settings import PROJECT, run_manage

PRINT_SITE_URL = "from django.conf import settings; print(settings.SITE_URL)"
SHOW_SITE_URL = "shell", "--no-imports", "-c", PRINT_SITE_URL


def test_development_links_follow_the_port_runserver_listens_on():
    result = run_manage(*SHOW_SITE_URL, PORT="8080", HOST="127.0.0.1")

    assert result.stdout.strip() == "http://127.0.0.1:8080"


def test_a_server_on_every_interface_is_linked_through_the_loopback():
    result = run_manage(*SHOW_SITE_URL, PORT="9000", HOST="0.0.0.0")  # noqa: S104

    assert result.stdout.strip() == "http://127.0.0.1:9000"


def test_an_explicit_site_url_wins_over_the_port():
    result = run_manage(
        *SHOW_SITE_URL, PORT="8080", SITE_URL="https://help.example.com/"
    )

    assert result.stdout.strip() == "https://help.example.com"


def test_make_run_passes_its_port_to_the_server_and_the_settings():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8080"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    runserver = [line for line in dry_run.stdout.splitlines() if "runserver" in line]
    assert runserver == [
        "HOST=127.0.0.1 PORT=8080 .venv/bin/python manage.py runserver 127.0.0.1:8080"
    ]


def refuse(request):
    raise PermissionDenied("Only moderators may do that.")


def crash(request):
    raise RuntimeError("a real fault")


urlpatterns = [
    path("refuse/", refuse),
    path("crash/", crash),
    path("", include("community.urls")),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_ordinary_403_is_logged_as_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/refuse/")

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING"
    assert record.getMessage() == "Forbidden (Permission denied): /refuse/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_still_keeps_its_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/crash/")

    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
    assert "RuntimeError: a real fault" in caplog.text
