"""Helpers that turn environment variables into settings; kept apart so tests can
call them with a made-up environment."""

import hashlib
import json
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

# provider id -> the environment variables that switch it on
SOCIAL_PROVIDER_VARIABLES = {
    "google": ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"),
    "facebook": ("FACEBOOK_CLIENT_ID", "FACEBOOK_CLIENT_SECRET"),
    "twitter_oauth2": ("TWITTER_CLIENT_ID", "TWITTER_CLIENT_SECRET"),
    "apple": ("APPLE_CLIENT_ID", "APPLE_KEY_ID", "APPLE_TEAM_ID", "APPLE_PRIVATE_KEY"),
}


def social_providers_from_env(env: environ.Env) -> dict[str, dict]:
    """allauth provider settings for every provider whose variables are all set."""
    providers = {}
    for provider, names in SOCIAL_PROVIDER_VARIABLES.items():
        values = [env.str(name, default="") for name in names]
        if not all(values):
            continue
        if provider == "apple":
            client_id, key_id, team_id, private_key = values
            app = {
                "client_id": client_id,
                "secret": key_id,
                "key": team_id,
                "settings": {"certificate_key": private_key.replace("\\n", "\n")},
            }
        else:
            app = {"client_id": values[0], "secret": values[1], "key": ""}
        providers[provider] = {"APPS": [app]}
    return providers


# What a cached entry depends on: our models and code and the libraries (Django's
# model pickles among them), and for rendered HTML the templates and the static
# files it names (their hashed names change with them).
RELEASE_SOURCES = {
    "accounts": "*.py",
    "community": "*.py",
    "forum": "*.py",
    "templates": "*.*",
    "static": "*.*",
}
RELEASE_FILES = ("requirements.txt",)


def cache_release(env: environ.Env, base_dir: Path) -> str:
    """The release that cache keys carry: ``CACHE_RELEASE`` if set (a deploy's
    commit, say), else a digest of the code and pinned requirements, taken once at
    start-up. Entries are pickled model instances and dicts of them; a deploy whose
    classes differ must never unpickle what the previous one stored, so it reads
    and writes under keys of its own, and the old entries expire."""
    release = env.str("CACHE_RELEASE", default="")
    if release:
        return release
    # About a tenth of a second, once per process.
    digest = hashlib.sha256()
    sources = sorted(
        path
        for folder, pattern in RELEASE_SOURCES.items()
        for path in (base_dir / folder).rglob(pattern)
    )
    for path in [*sources, *(base_dir / name for name in RELEASE_FILES)]:
        if path.is_file():
            digest.update(str(path.relative_to(base_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_settings(env: environ.Env, *, release: str = "dev") -> dict[str, dict]:
    """CACHE_URL wins, then REDIS_URL (our Redis backend), else local memory; keys
    are prefixed with the ``release`` (``cache_release``)."""
    if env.str("CACHE_URL", default=""):
        return {"default": env.cache_url("CACHE_URL") | {"KEY_PREFIX": release}}
    redis_url = env.str("REDIS_URL", default="")
    if redis_url:
        return {
            "default": {
                "BACKEND": "community.cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": f"crowd:{release}",
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "crowd-support",
            "KEY_PREFIX": release,
        }
    }


def development_secret_key(base_dir: Path) -> str:
    """A random key made once per checkout, so development sessions survive restarts."""
    key_file = base_dir / ".dev-secret-key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    return key


# Flood control: action -> [(most events, per this many seconds), ...]. Defaults
# follow what large communities use; moderators are exempt.
DEFAULT_RATE_LIMITS = {
    # Threads and replies together, for everyone.
    "post": [(5, 30), (50, 3600)],
    # On top of that, for accounts in their first day.
    "thread_new_account": [(3, 86_400)],
    "reply_new_account": [(10, 86_400)],
    "kudos": [(30, 60), (300, 86_400)],
    "flag": [(5, 300), (30, 86_400)],
    # The composer's live preview (one request a pause in typing) and @mention
    # completion (one a keystroke after "@"): generous, but a script is stopped.
    "preview": [(60, 60), (1_000, 3600)],
    "mention_lookup": [(120, 60), (2_000, 3600)],
    # Bursts of uploads; the daily quota (ATTACHMENT_DAILY_QUOTA) is counted apart.
    "upload": [(10, 60)],
    # Private messages: new conversations, and every message (replies included).
    "conversation": [(5, 3600), (20, 86_400)],
    "message": [(10, 60), (200, 86_400)],
}
PERIOD_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}


def rate_limits_from_env(value: str) -> dict[str, list[tuple[int, int]]]:
    """The default flood limits, with actions overridden by a string such as
    ``post=5/30s+50/1h,flag=10/1d`` (an empty list, ``kudos=``, switches one off)."""
    limits = {action: list(rules) for action, rules in DEFAULT_RATE_LIMITS.items()}
    for item in filter(None, (part.strip() for part in value.split(","))):
        action, _, rules = item.partition("=")
        action = action.strip()
        if action not in DEFAULT_RATE_LIMITS:
            raise ValueError(f"Unknown rate-limited action {action!r}.")
        limits[action] = [_rate(rule) for rule in rules.split("+") if rule.strip()]
    return limits


def _rate(rule: str) -> tuple[int, int]:
    count, _, period = rule.strip().partition("/")
    unit = period[-1:] if period[-1:] in PERIOD_UNITS else "s"
    amount = period[:-1] if period[-1:] in PERIOD_UNITS else period
    try:
        rate = (int(count), int(amount or 1) * PERIOD_UNITS[unit])
    except ValueError:
        raise ValueError(
            f"Rate limits look like 5/30s or 50/1h, not {rule!r}."
        ) from None
    if rate[0] < 1 or rate[1] < 1:
        raise ValueError(f"Rate limits must be positive, not {rule!r}.")
    return rate


def media_storage_settings(env, storages: dict, content_security_policy: dict) -> dict:
    """Uploads on the local filesystem, or (``MEDIA_STORAGE=s3``, implied by
    ``AWS_STORAGE_BUCKET_NAME``) in an S3-compatible bucket through django-storages.
    Switches ``storages["default"]`` and lets images load from the bucket's origin;
    returns the settings to add."""
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    storage = env.str("MEDIA_STORAGE", default="s3" if bucket else "local")
    if storage not in {"local", "s3"}:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE must be 'local' or 's3', not {storage!r}."
        )
    values = {"MEDIA_STORAGE": storage, "ATTACHMENT_SIGNED_URLS": False}
    origin = env.str("MEDIA_ORIGIN", default="")
    if storage == "s3":
        if not bucket:
            raise ImproperlyConfigured(
                "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."
            )
        storages["default"] = {"BACKEND": "forum.attachments.storage.MediaS3Storage"}
        endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
        domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
        # Signed URLs (a private bucket) by default; false for a public bucket or CDN.
        signed = env.bool("AWS_QUERYSTRING_AUTH", default=True)
        values |= {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": env.str("AWS_S3_REGION_NAME", default="") or None,
            "AWS_ACCESS_KEY_ID": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "AWS_SECRET_ACCESS_KEY": env.str("AWS_SECRET_ACCESS_KEY", default="")
            or None,
            "AWS_QUERYSTRING_AUTH": signed,
            "AWS_QUERYSTRING_EXPIRE": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            "AWS_S3_CUSTOM_DOMAIN": domain,
            "AWS_S3_SIGNATURE_VERSION": "s3v4",
            # "path" for servers that do not route bucket subdomains (MinIO, Ceph).
            "AWS_S3_ADDRESSING_STYLE": env.str("AWS_S3_ADDRESSING_STYLE", default="")
            or None,
            "AWS_DEFAULT_ACL": None,  # the bucket's policy decides, not each object
            "AWS_S3_FILE_OVERWRITE": True,  # keys are random: no renaming trips
            # Pages link to a view that redirects to a freshly signed URL (it never
            # reads the file) when the bucket is private.
            "ATTACHMENT_SIGNED_URLS": signed,
        }
        origin = origin or (
            f"https://{domain}"
            if domain
            else endpoint or f"https://{bucket}.s3.amazonaws.com"
        )
    if origin:
        # Images load from the storage's origin when it is another one; nothing
        # else is added to the policy.
        content_security_policy["DIRECTIVES"]["img-src"].append(origin)
    values["MEDIA_ORIGIN"] = origin
    return values


# --- Single sign-on ----------------------------------------------------------------
# The company's identity providers, through allauth's own OpenID Connect and SAML
# providers. Each provider is one JSON object in a list, so several can be set at
# once and each carries its button order.
SSO_OIDC_REQUIRED = ("id", "name", "server_url", "client_id", "secret")
SSO_SAML_REQUIRED = ("id", "name", "idp_entity_id")
SSO_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _sso_list(env: environ.Env, name: str, required: tuple[str, ...]) -> list[dict]:
    raw = env.str(name, default="").strip()
    if not raw:
        return []
    try:
        items = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ImproperlyConfigured(f"{name} must be a JSON list of objects.")
    for item in items:
        missing = [key for key in required if not str(item.get(key) or "").strip()]
        if missing:
            raise ImproperlyConfigured(
                f"{name}: provider {item.get('id', '?')!r} lacks {', '.join(missing)}."
            )
        if not SSO_ID_PATTERN.match(str(item["id"])):
            raise ImproperlyConfigured(
                f"{name}: provider id {item['id']!r} must be lowercase letters, "
                "digits, - or _ (it appears in addresses)."
            )
    return items


def sso_providers_from_env(env: environ.Env) -> tuple[dict[str, dict], list[dict]]:
    """allauth settings for the OpenID Connect (``SSO_OIDC_PROVIDERS``) and SAML
    (``SSO_SAML_PROVIDERS``) providers, and the list of sign-in buttons in their
    configured order: ``{"id", "name", "kind", "order", "trust_email"}``."""
    oidc = _sso_list(env, "SSO_OIDC_PROVIDERS", SSO_OIDC_REQUIRED)
    saml = _sso_list(env, "SSO_SAML_PROVIDERS", SSO_SAML_REQUIRED)
    ids = [str(item["id"]) for item in [*oidc, *saml]]
    if len(ids) != len(set(ids)):
        raise ImproperlyConfigured("Single sign-on provider ids must be unique.")
    providers: dict[str, dict] = {}
    if oidc:
        providers["openid_connect"] = {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [_oidc_app(item) for item in oidc],
        }
    if saml:
        providers["saml"] = {"APPS": [_saml_app(item) for item in saml]}
    buttons = [
        {
            "id": str(item["id"]),
            "name": str(item["name"]),
            "kind": kind,
            "order": int(item.get("order", 100)),
            "trust_email": bool(item.get("trust_email", True)),
            "origins": _origins(item),
        }
        for kind, items in (("openid_connect", oidc), ("saml", saml))
        for item in items
    ]
    buttons.sort(key=lambda button: (button["order"], button["name"]))
    return providers, buttons


def _origins(item: dict) -> list[str]:
    """Where the sign-in form may send the browser (the Content-Security-Policy's
    form-action): the provider's own origin, and any listed in ``form_action``."""
    urls = [item.get(key) for key in ("server_url", "idp_sso_url")]
    urls += list(item.get("form_action") or [])
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(str(url))
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


def _oidc_app(item: dict) -> dict:
    settings = {
        "server_url": str(item["server_url"]).rstrip("/"),
        "verified_email": bool(item.get("trust_email", True)),
    }
    if item.get("scope"):
        settings["scope"] = list(item["scope"])
    if item.get("token_auth_method"):
        settings["token_auth_method"] = str(item["token_auth_method"])
    return {
        "provider_id": str(item["id"]),
        "name": str(item["name"]),
        "client_id": str(item["client_id"]),
        "secret": str(item["secret"]),
        "settings": settings,
    }


def _saml_app(item: dict) -> dict:
    idp = {"entity_id": str(item["idp_entity_id"])}
    if item.get("idp_metadata_url"):
        idp["metadata_url"] = str(item["idp_metadata_url"])
    elif item.get("idp_sso_url") and item.get("idp_x509cert"):
        idp["sso_url"] = str(item["idp_sso_url"])
        idp["x509cert"] = str(item["idp_x509cert"]).replace("\\n", "\n")
    else:
        raise ImproperlyConfigured(
            f"SSO_SAML_PROVIDERS: provider {item['id']!r} needs idp_metadata_url, "
            "or idp_sso_url and idp_x509cert."
        )
    settings = {
        "idp": idp,
        "verified_email": bool(item.get("trust_email", True)),
        # A signed assertion is required: an unsigned one is refused.
        "advanced": {"want_assertion_signed": True, "strict": True},
    }
    if item.get("attribute_mapping"):
        settings["attribute_mapping"] = dict(item["attribute_mapping"])
    if item.get("sp_entity_id"):
        settings["sp"] = {"entity_id": str(item["sp_entity_id"])}
    return {
        # allauth addresses a SAML app by its client_id (the "organization slug");
        # its provider_id names the member's linked accounts, as OIDC's does.
        "provider_id": str(item["id"]),
        "name": str(item["name"]),
        "client_id": str(item["id"]),
        "settings": settings,
    }
