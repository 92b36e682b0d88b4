"""Test overrides: fast hashing, mail kept in memory, no real outbound anything."""

import tempfile
from pathlib import Path

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
