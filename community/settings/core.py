"""Core: applications, middleware, templates, data, cache, e-mail, API, background
jobs, static files and media, internationalisation and logging."""

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from community.environment import cache_release, cache_settings, media_storage_settings
from community.replicas.config import replica_databases
from community.settings.accounts import (
    SOCIALACCOUNT_PROVIDERS,
    SSO_PROVIDER_APPS,
    SSO_PROVIDERS,
)
from community.settings.base import BASE_DIR, PRODUCTION, SITE_NAME, env
from community.settings.security import CONTENT_SECURITY_POLICY, TRUSTED_PROXY_COUNT

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    # --- Live updates: first, so that `runserver` serves ASGI (and WebSockets).
    "daphne",
    # Django's admin on the project's own site, which asks the permission module.
    "community.apps.CommunityAdminConfig",
    "community.replicas.apps.ReplicasConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    *(
        f"allauth.socialaccount.providers.{name}"
        for name in dict.fromkeys([*SOCIALACCOUNT_PROVIDERS, *SSO_PROVIDER_APPS])
    ),
    "community",
    "accounts",
    "forum",
    "forum.deflection",
    "forum.search",
    "forum.moderation",
    "forum.notifications",
    "forum.integrations",
    "forum.reputation",
    "forum.composer",
    "forum.attachments",
    # Private conversations between members (forum.messages).
    "forum.messages",
    # The managers' report family and the settings area (forum.reports, forum.console).
    "forum.reports",
    "forum.console",
    # The knowledge base and the idea exchange (forum.knowledge, forum.ideas).
    "forum.knowledge",
    "forum.ideas",
    # The social care desk (forum.care).
    "forum.care",
    # --- Live updates: new replies, solutions and counts pushed over WebSockets.
    "forum.live",
    # Demo content (seed_demo) and bulk data for benchmarks (seed_bulk).
    "demo",
]

MIDDLEWARE = [
    # First, so that every later middleware's log lines carry the request's id.
    "community.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the cookie the footer's switch sets, else Accept-Language; no
    # language prefix in URLs. A signed-in member's own choice wins, once known.
    "django.middleware.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.languages.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "forum.deflection.services.journey_store.JourneyCookieMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A company sign-in whose provider is down, or a stale SAML answer, ends on
    # the sign-in error page rather than a 500 or a bare 403.
    "accounts.middleware.SingleSignOnErrorMiddleware",
    "forum.moderation.middleware.RateLimitedMiddleware",
    "community.faults.ServiceUnavailableMiddleware",
    "community.middleware.PrivatePagesNoStoreMiddleware",
    "community.middleware.GenerationsPerRequestMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"
ASGI_APPLICATION = "community.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.site",
                "community.js_strings.js_strings",
                "forum.moderation.context_processors.moderation",
                "forum.notifications.context_processors.notifications",
                "forum.messages.context_processors.private_messages",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

# Read replicas (docs/deploy.md, "Read replicas"): PostgreSQL streaming replicas,
# comma-separated URLs, that serve the reads of GET requests. Each is asked every
# few seconds whether it may serve; a URL that cannot be a replica is left out and
# reported by `manage.py check --deploy`.
DATABASE_REPLICAS, REPLICA_CONFIG_ERRORS = replica_databases(
    env.list("DATABASE_REPLICA_URLS", default=[]), DATABASES["default"]
)
DATABASES.update(DATABASE_REPLICAS)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["community.replicas.router.ReplicaRouter"]
    # Second, after the request id: around everything that may read, so that a
    # request whose replica fails can be run again on the primary.
    MIDDLEWARE.insert(1, "community.replicas.middleware.ReplicaReadsMiddleware")
# A replica further behind than this (measured on the replica) is skipped.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
# How often each process asks each replica whether it may serve.
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5.0)
# How long a visitor who wrote something reads only from the primary.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Keys carry the release, so a deploy never unpickles what an older one cached.
CACHE_RELEASE = cache_release(env, BASE_DIR)
CACHES = cache_settings(env, release=CACHE_RELEASE)
# Rendered pages and fragments in the cache, retired by generations (forum.caching).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)

# Cached database sessions that fall back to the database when the cache is down.
SESSION_ENGINE = "community.sessions"

# --- Live updates -----------------------------------------------------------
# Pages subscribe over a WebSocket (/ws/live/, forum.live; see docs/live.md). The
# channel layer carries only ids between the process that writes and the ones
# holding the sockets: Redis when REDIS_URL is set (needed as soon as there is more
# than one process), else an in-memory layer that serves a single process.
LIVE_UPDATES_REDIS_URL = env.str(
    "LIVE_UPDATES_REDIS_URL", default=env.str("REDIS_URL", default="")
)
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py times reads out after 5 s by default, the length of the
                # layer's own blocking read: a quiet page's socket would die.
                "hosts": [{"address": LIVE_UPDATES_REDIS_URL, "socket_timeout": 15}],
                "prefix": env.str("LIVE_UPDATES_PREFIX", default="crowd-live"),
                # A page that stops reading is dropped rather than slowing the rest.
                "capacity": 200,
                "expiry": 30,
            },
        }
        if LIVE_UPDATES_REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

# --- E-mail -----------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <community@example.com>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- API ----------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "forum.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PARSER_CLASSES": ["forum.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "forum.api.pagination.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "forum.api.throttling.WriteThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        "writes": env.str("API_THROTTLE_WRITES", default="60/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
    "EXCEPTION_HANDLER": "forum.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "forum.api.schema.CommunityAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Crowd support API",
    "DESCRIPTION": (
        "Boards, threads, posts, kudos, solutions, search and deflection data. "
        "Authenticate with the session (and a CSRF token) or a personal API token: "
        "`Authorization: Token <secret>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for each status set that several endpoints share.
    "ENUM_NAME_OVERRIDES": {
        "IdeaStatusEnum": "forum.ideas.models.IdeaStatus",
        "ArticleStateEnum": "forum.knowledge.models.ArticleState",
        "CaseStatusEnum": "forum.care.models.CaseStatus",
        "CasePriorityEnum": "forum.care.models.CasePriority",
        "DocumentKindEnum": "forum.search.documents.DOCUMENT_KINDS",
    },
}
# Widgets on these origins (e.g. the company's help centre) may call the API.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Background jobs --------------------------------------------------------

# django-tasks (the API Django 6 adopted). Production queues jobs in the database and
# runs them with `manage.py db_worker`; development and tests run them at once.
TASKS_BACKEND = env.str(
    "TASKS_BACKEND", default="database" if PRODUCTION else "immediate"
)
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be 'database' or 'immediate', not {TASKS_BACKEND!r}."
    )
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# --- Static files -----------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps are fetched only by a developer's browser tools: compressing them
# (half of the vendored API docs' bytes) would double the deploy's collectstatic
# time for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "map",
)

# --- Uploads: media ----------------------------------------------------------
# Through Django's storage API only: the local filesystem in development (served by
# the app only when DEBUG), an S3-compatible object store in production.

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# MEDIA_STORAGE=s3 (implied by AWS_STORAGE_BUCKET_NAME) switches to the bucket; see
# community.environment.media_storage_settings for the variables it reads.
vars().update(media_storage_settings(env, STORAGES, CONTENT_SECURITY_POLICY))
# The single sign-on buttons post to the site, which sends the browser on to the
# company's provider: the policy's form-action must let that redirect through.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {origin for provider in SSO_PROVIDERS for origin in provider["origins"]}
)

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-au"
# The languages a member may choose, each named in itself for the footer's switcher.
# Simplified Chinese and Arabic are, after English, the languages most spoken at home
# in Australia; Arabic also keeps the right-to-left layout honest.
LANGUAGES = [
    ("en-au", "English"),
    ("zh-hans", "简体中文"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["community.formats"]
# The footer's switch keeps a visitor's choice for a year (community.language_views).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = env.str("TIME_ZONE", default="Australia/Sydney")
USE_I18N = True
USE_TZ = True

# --- Logging ----------------------------------------------------------------

# Production logs are JSON, one object a line, for the log collector; development
# keeps plain lines for people. Either way each line names its request's id (the
# X-Request-ID header of the response), "-" outside a request.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "community.observability.RequestIdFilter"},
        "client_error_without_traceback": {
            "()": "community.observability.ClientErrorWithoutTraceback"
        },
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "community.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR"},
        # No handler of its own: records still reach the console through the root.
        "django.request": {"filters": ["client_error_without_traceback"]},
    },
}
