"""The benchmark's production settings, for the load and worker-kill runs.

Static files are served by plain storage: the runs drive pages, never static files,
and the compressed manifest would cost a minute of collectstatic per fresh database
on a small CI machine for nothing the runs measure.
"""

from bench.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
