"""Replica aliases from the environment.

Each URL in ``DATABASE_REPLICA_URLS`` becomes an alias ``replica_1``, ``replica_2``,
... with the primary's options, the replica engine (``community.replicas.backend``,
which reports a failed connection) and a short connect timeout, so a replica that
is down costs a request two seconds at most, once, before it is skipped. A URL that
cannot be a replica is left out, and the reason kept for ``manage.py check``: the
site then serves from the primary rather than refusing to start.
"""

from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

REPLICA_ENGINE = "community.replicas.backend"
POSTGRES_ENGINE = "django.db.backends.postgresql"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
CONNECT_TIMEOUT_SECONDS = 2


def replica_databases(
    urls: list[str], primary: dict
) -> tuple[dict[str, dict], list[str]]:
    """The replica aliases' settings, and a message for each URL left out."""
    databases: dict[str, dict] = {}
    problems: list[str] = []
    urls = [url.strip() for url in urls if url.strip()]
    if urls and primary.get("ENGINE") != POSTGRES_ENGINE:
        return {}, [
            "DATABASE_REPLICA_URLS is set, but the primary (DATABASE_URL) is not "
            "PostgreSQL: replicas are PostgreSQL streaming replicas. Reads stay on "
            "the primary."
        ]
    for position, url in enumerate(urls, start=1):
        problem, settings = _replica_settings(url, primary)
        if problem:
            problems.append(
                f"DATABASE_REPLICA_URLS entry {position} ({_shown(url)}): {problem} "
                "It is not used; reads stay on the primary."
            )
            continue
        databases[f"replica_{len(databases) + 1}"] = settings
    return databases, problems


def _replica_settings(url: str, primary: dict) -> tuple[str, dict]:
    try:
        scheme = urlsplit(url).scheme
    except ValueError as error:
        return f"cannot be read ({error}).", {}
    if scheme not in POSTGRES_SCHEMES:
        return "not a PostgreSQL URL (postgres://user:password@host:port/name).", {}
    try:
        parsed = environ.Env.db_url_config(url)
    except (ValueError, KeyError, ImproperlyConfigured) as error:
        return f"cannot be read ({error}).", {}
    if not parsed.get("HOST") or not parsed.get("NAME"):
        return "names no host or no database.", {}
    if _same_server(parsed, primary):
        return "is the primary's own address (DATABASE_URL).", {}
    options = {**primary.get("OPTIONS", {}), **parsed.get("OPTIONS", {})}
    options.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    return "", {
        **primary,
        **parsed,
        "ENGINE": REPLICA_ENGINE,
        "OPTIONS": options,
        # Tests read the primary's test database through it.
        "TEST": {"MIRROR": "default"},
    }


def _same_server(replica: dict, primary: dict) -> bool:
    def address(settings: dict) -> tuple:
        return (
            str(settings.get("HOST") or "localhost"),
            str(settings.get("PORT") or 5432),
            settings.get("NAME"),
        )

    return address(replica) == address(primary)


def _shown(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "an unreadable URL"
    if password is None:
        return url
    netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
