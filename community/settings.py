"""Settings for Crowd support, read from the environment.

Development needs no configuration at all: SQLite in the project folder, local-memory
cache, e-mail printed to the console. Production (``DJANGO_ENV=production``) refuses to
start without the variables a public site must set; see README.md, "Configuration".
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from community.environment import (
    cache_release,
    cache_settings,
    development_secret_key,
    media_storage_settings,
    rate_limits_from_env,
    social_providers_from_env,
    sso_providers_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent

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
# notifications) are built from it, never from the request's Host header.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Crowd support")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------

SOCIALACCOUNT_PROVIDERS = social_providers_from_env(env)
# --- Single sign-on (README "Single sign-on"): the company's OpenID Connect and SAML
# providers, SSO-only mode, and the claims that mark verified customers.
SSO_PROVIDER_SETTINGS, SSO_PROVIDERS = sso_providers_from_env(env)
SOCIALACCOUNT_PROVIDERS |= SSO_PROVIDER_SETTINGS
SSO_ONLY = env.bool("SSO_ONLY", default=False)
SSO_VERIFIED_CUSTOMER_CLAIM = env.str("SSO_VERIFIED_CUSTOMER_CLAIM", default="")
SSO_VERIFIED_CUSTOMER_VALUES = env.list("SSO_VERIFIED_CUSTOMER_VALUES", default=[])
# Off unless set: no claim ever grants a role (see docs/security.md).
SSO_STAFF_ROLE_CLAIM = env.str("SSO_STAFF_ROLE_CLAIM", default="")
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "reset_password": "accounts.forms.CommunityResetPasswordForm",  # nosec B105
}
# Always installed (their addresses answer 404 until a provider is configured), so
# turning single sign-on on is a matter of environment, not code.
SSO_PROVIDER_APPS = ("openid_connect", "saml")
# --- end of single sign-on ---------------------------------------------------

INSTALLED_APPS = [
    # Django's admin on the project's own site, which asks the permission module.
    "community.apps.CommunityAdminConfig",
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
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.site",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Keys carry the release, so a deploy never unpickles what an older one cached.
CACHE_RELEASE = cache_release(env, BASE_DIR)
CACHES = cache_settings(env, release=CACHE_RELEASE)
# Rendered pages and fragments in the cache, retired by generations (forum.caching).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)

# Cached database sessions that fall back to the database when the cache is down.
SESSION_ENGINE = "community.sessions"

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# One backend: allauth's (e-mail or username, for the site and the admin alike),
# with every failed sign-in costing the same (see accounts.backends).
AUTHENTICATION_BACKENDS = ["accounts.backends.EvenTimingAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# A taken username ends a sign-up like a taken address (docs/security.md).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's own rate limits (login, failed logins, sign-up, reset, confirmation
# e-mails) stay at their defaults: they are on, and they need the shared cache.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False

# Behind a TLS-terminating proxy (load balancer, nginx), set the number of proxies
# that append to X-Forwarded-For. The same count tells Django to trust the
# proxy's X-Forwarded-Proto and tells allauth's rate limits which address is the
# client's; 0 (the default) trusts no forwarded header at all.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# --- Moderation and response times -----------------------------------------
# Product knobs, read when used (tests and operators may change them at run time).

# The response target: a question should have a first reply within this time.
FIRST_RESPONSE_TARGET_MINUTES = env.int("FIRST_RESPONSE_TARGET_MINUTES", default=60)
# A post flagged by this many different members is hidden until a moderator looks.
MODERATION_FLAGS_TO_HIDE = env.int("MODERATION_FLAGS_TO_HIDE", default=3)
# Accounts younger than this many days wait for approval until this many of their
# posts have been approved (0 in either switches premoderation off).
MODERATION_APPROVAL_ACCOUNT_DAYS = env.int(
    "MODERATION_APPROVAL_ACCOUNT_DAYS", default=7
)
MODERATION_APPROVAL_FIRST_POSTS = env.int("MODERATION_APPROVAL_FIRST_POSTS", default=1)
# An account's first day: stricter flood limits, and posts with more links than
# this, or submitted within this many seconds of the form being shown, wait.
MODERATION_NEW_ACCOUNT_HOURS = env.int("MODERATION_NEW_ACCOUNT_HOURS", default=24)
MODERATION_NEW_ACCOUNT_MAX_LINKS = env.int(
    "MODERATION_NEW_ACCOUNT_MAX_LINKS", default=2
)
MODERATION_MIN_FORM_SECONDS = env.int("MODERATION_MIN_FORM_SECONDS", default=3)
# Flood control per member and action; see community.environment for the format.
MODERATION_RATE_LIMITS = rate_limits_from_env(
    env.str("MODERATION_RATE_LIMITS", default="")
)

# --- Private messages -------------------------------------------------------
# The most members in one conversation, its starter included (read when used).
MESSAGES_MAX_PARTICIPANTS = env.int("MESSAGES_MAX_PARTICIPANTS", default=10)

# --- E-mail -----------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <community@example.com>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
# The health check is polled by load balancers over plain HTTP on the private side.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline scripts anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}

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

# --- Deflection and community health ----------------------------------------
# Product knobs; forum.deflection.conf reads them when used, so tests may change
# them at run time.

DEFLECTION_IDLE_MINUTES = env.int("DEFLECTION_IDLE_MINUTES", default=30)
DEFLECTION_TICKET_WINDOW_HOURS = env.int("DEFLECTION_TICKET_WINDOW_HOURS", default=24)
DEFLECTION_RETENTION_DAYS = env.int("DEFLECTION_RETENTION_DAYS", default=90)
# Moderation audit entries older than this are deleted by `purge_expired_data`.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
DEFLECTION_MIN_JOURNEYS_PER_QUERY = env.int(
    "DEFLECTION_MIN_JOURNEYS_PER_QUERY", default=3
)
DEFLECTION_JOBS_INTERVAL_MINUTES = env.int(
    "DEFLECTION_JOBS_INTERVAL_MINUTES", default=10
)

# Thread views are added up in each process and written together this often (see
# forum.services.thread_views); 0 writes every view at once.
THREAD_VIEW_FLUSH_SECONDS = env.int("THREAD_VIEW_FLUSH_SECONDS", default=10)
# Journey events likewise, by a background thread in each process, off the request
# path (see forum.deflection.services.event_writer); 0 writes each in its request.
DEFLECTION_EVENT_FLUSH_SECONDS = env.float("DEFLECTION_EVENT_FLUSH_SECONDS", default=2)

# A search running longer than this (PostgreSQL statement_timeout) is cancelled and
# the page says "Search is taking too long"; 0 switches the bound off.
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=2000)
# Meaning as well as words (docs/search.md): the embedding model bundled with the
# wordllama package. Off, or failing to load, search ranks by words alone.
SEARCH_SEMANTIC_ENABLED = env.bool("SEARCH_SEMANTIC_ENABLED", default=True)
# Each process holds the public threads' vectors: it looks for newly indexed ones at
# most this often, and reads them all again this often (forgetting deleted threads).
SEARCH_VECTOR_REFRESH_SECONDS = env.float("SEARCH_VECTOR_REFRESH_SECONDS", default=2)
SEARCH_VECTOR_RELOAD_SECONDS = env.int("SEARCH_VECTOR_RELOAD_SECONDS", default=300)
# A query's ranking (ids and scores, not pages) is kept this long, retired at once by
# any change to the index; the next page, the widget and the suggestions read it.
# 0 ranks every search afresh.
SEARCH_RANKING_CACHE_SECONDS = env.int("SEARCH_RANKING_CACHE_SECONDS", default=60)
# After `migrate`, index every thread that has no search document (all of them after
# an upgrade that changes what is indexed); off: run `rebuild_search_index` yourself.
SEARCH_INDEX_ON_MIGRATE = env.bool("SEARCH_INDEX_ON_MIGRATE", default=True)

# Where tickets from the contact form go: a signed webhook, else e-mail.
HELPDESK_WEBHOOK_URL = env.str("HELPDESK_WEBHOOK_URL", default="")
HELPDESK_WEBHOOK_SECRET = env.str("HELPDESK_WEBHOOK_SECRET", default="")
HELPDESK_EMAIL = env.str("HELPDESK_EMAIL", default="")
# The helpdesk sends this in `Authorization: Token ...` to report tickets it made.
HELPDESK_API_TOKEN = env.str("HELPDESK_API_TOKEN", default="")
if PRODUCTION and HELPDESK_WEBHOOK_URL and not HELPDESK_WEBHOOK_SECRET:
    raise ImproperlyConfigured(
        "HELPDESK_WEBHOOK_SECRET is required when HELPDESK_WEBHOOK_URL is set."
    )
# --- Helpdesk tickets matched by customer identity ---
# The helpdesk may name the customer instead of the journey; identities are
# compared as HMAC-SHA256 digests keyed with this (default: derived from
# SECRET_KEY). After changing it, run `manage.py sync_member_identities`.
DEFLECTION_IDENTITY_KEY = env.str("DEFLECTION_IDENTITY_KEY", default="")
# The SSO claim (read from SocialAccount.extra_data) holding the customer account
# number; empty: account numbers match nobody.
SSO_ACCOUNT_NUMBER_CLAIM = env.str("SSO_ACCOUNT_NUMBER_CLAIM", default="")

# --- Notifications and reputation -------------------------------------------
# Product knobs, read when used (so tests may change them at run time).

# An asker whose question has replies but no accepted solution after this many days
# gets one reminder.
ACCEPT_REMINDER_DAYS = env.int("ACCEPT_REMINDER_DAYS", default=3)
# How long the unsubscribe link in a notification e-mail keeps working.
NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS = env.int(
    "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS", default=90
)
# Attempts at delivering one notification e-mail before it is marked failed.
NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = env.int(
    "NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", default=5
)

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

# --- Uploads: attachments and avatars ----------------------------------------
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

# Product knobs, read when used (forum.attachments.conf).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=8 * 1024 * 1024)
ATTACHMENT_MAX_PIXELS = env.int("ATTACHMENT_MAX_PIXELS", default=40_000_000)
ATTACHMENT_IMAGE_MAX_EDGE = env.int("ATTACHMENT_IMAGE_MAX_EDGE", default=2048)
ATTACHMENT_THUMBNAIL_EDGE = env.int("ATTACHMENT_THUMBNAIL_EDGE", default=640)
ATTACHMENTS_PER_POST = env.int("ATTACHMENTS_PER_POST", default=5)
ATTACHMENT_DAILY_QUOTA = env.int("ATTACHMENT_DAILY_QUOTA", default=30)
ATTACHMENT_FIRST_DAY_QUOTA = env.int("ATTACHMENT_FIRST_DAY_QUOTA", default=5)
ATTACHMENT_ALLOWED_KINDS = env.list(
    "ATTACHMENT_ALLOWED_KINDS", default=["image", "pdf", "text"]
)

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-au"
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
    "filters": {"request_id": {"()": "community.observability.RequestIdFilter"}},
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
    },
}

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
