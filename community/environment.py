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
                "BACKEND": "community.cache.RedisCache",
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
