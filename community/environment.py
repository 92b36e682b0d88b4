"""Helpers that turn environment variables into settings; kept apart so tests can
call them with a made-up environment."""

import secrets
from pathlib import Path

import environ

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


def cache_settings(env: environ.Env) -> dict[str, dict]:
    """CACHE_URL wins, then REDIS_URL (Django's Redis backend), else local memory."""
    if env.str("CACHE_URL", default=""):
        return {"default": env.cache_url("CACHE_URL")}
    redis_url = env.str("REDIS_URL", default="")
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "crowd",
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "crowd-support",
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
