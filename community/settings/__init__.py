"""Settings for Crowd support, read from the environment.

Development needs no configuration at all: SQLite in the project folder, local-memory
cache, e-mail printed to the console. Production (``DJANGO_ENV=production``) refuses to
start without the variables a public site must set; see README.md, "Configuration".

``DJANGO_SETTINGS_MODULE=community.settings`` loads the parts below in this order (a
later part imports by name what it reads from an earlier one):

- ``base``: mode (``DJANGO_ENV``, ``DEBUG``), ``SECRET_KEY``, ``ALLOWED_HOSTS``, the
  site's address and name, and the ``env`` reader.
- ``accounts``: allauth, social sign-in and single sign-on (``SSO_*``).
- ``security``: trusted proxies, security headers, session and CSRF cookies, HSTS and
  the content security policy.
- ``core``: applications, middleware, templates, databases, cache and sessions,
  e-mail, the API, background jobs, static files and media storage,
  internationalisation and logging.
- ``product``: moderation and rate limits, private messages, deflection, search,
  helpdesk, notifications and attachments.

Error reporting (Sentry) is set up last, below, once every part has loaded.
"""

# In this order: a later part may read names from an earlier one.
# isort: off
from community.settings.base import *  # noqa: F403
from community.settings.accounts import *  # noqa: F403
from community.settings.security import *  # noqa: F403
from community.settings.core import *  # noqa: F403
from community.settings.product import *  # noqa: F403

# isort: on
from community.settings.base import DJANGO_ENV, env

# --- Error reporting --------------------------------------------------------

# Optional: unhandled errors go to Sentry when a DSN is set, without members'
# personal data (community.observability.init_sentry).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from community.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        release=env.str("SENTRY_RELEASE", default=""),
    )
