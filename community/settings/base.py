"""Mode, secret key, hosts and the site's address: what the other parts read."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from community.environment import development_secret_key

# The project folder (this package is community/settings/).
BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Mode -------------------------------------------------------------------

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DJANGO_ENV=production. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or development_secret_key(BASE_DIR)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DJANGO_ENV=production.")

# The public address of the site. Links in e-mails (password reset, verification,
# notifications), the sitemap, feeds and structured data are built from it, never
# from the request's Host header. In development it follows the address runserver
# listens on (`make run HOST=... PORT=...` passes both), so links made on
# `make run PORT=8080` point at port 8080; production names SITE_URL itself
# (a platform's PORT is the container's, not the public one).
if PRODUCTION:
    _default_site_url = "http://127.0.0.1:8000"
else:
    _dev_host = env.str("HOST", default="127.0.0.1")
    # A server listening on every interface is still reached on this machine's loopback.
    if _dev_host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104  # nosec B104 (read, never bound)
        _dev_host = "127.0.0.1"
    _default_site_url = f"http://{_dev_host}:{env.int('PORT', default=8000)}"
SITE_URL = env.str("SITE_URL", default=_default_site_url).rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Crowd support")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
