"""Test overrides: fast hashing, mail kept in memory, no real outbound anything."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from community.settings import *  # noqa: F403

# Uploads made by tests never land in the project folder.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "crowd-support-test-media"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "https://community.example.com"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
# Tests make many requests in a burst; the throttling tests set their own rates.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    "anon": "100000/min",
    "user": "100000/min",
    "writes": "100000/min",
}
# Tests read view counts and journey events right after the requests (the
# batching has its own tests).
THREAD_VIEW_FLUSH_SECONDS = 0
# Tests search right after indexing; the throttle has its own test.
SEARCH_VECTOR_REFRESH_SECONDS = 0
DEFLECTION_EVENT_FLUSH_SECONDS = 0
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HELPDESK_WEBHOOK_URL = ""
HELPDESK_WEBHOOK_SECRET = ""  # not a secret  # nosec B105
HELPDESK_EMAIL = ""
HELPDESK_API_TOKEN = ""  # not a secret  # nosec B105


def redis_database_for_worker(url: str, *, worker: int) -> str:
    """The Redis URL's database, counted down by the worker's number (wrapping
    within Redis's 16): gw0 keeps the configured one."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database - worker) % 16}"))


# Parallel runs (pytest-xdist): each worker has its own test database (pytest-django
# names it), and on Redis its own cache database too, since a test's cache.clear()
# empties the whole database it is given.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["LOCATION"] = redis_database_for_worker(  # noqa: F405
        CACHES["default"]["LOCATION"],  # noqa: F405
        worker=int(_worker[2:]),
    )

# --- Live updates: workers sharing one Redis keep their channel groups apart (every
# test database numbers its threads from 1).
if CHANNEL_LAYERS["default"]["BACKEND"].endswith("RedisChannelLayer"):  # noqa: F405
    _live_layer = CHANNEL_LAYERS["default"]["CONFIG"]  # noqa: F405
    _live_layer["prefix"] = f"crowd-live-test-{_worker or 'main'}"

# `make migration-check` runs the migration linter's command with these settings
# (a development package, so not in the site's own settings).
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]  # noqa: F405
