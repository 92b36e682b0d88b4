"""The container's health check, on the standard library alone (it runs every 30
seconds: starting Django each time would cost more than the check).

``http``: GET /healthz on this container's server, with a Host header the site
accepts (the first of ALLOWED_HOSTS), so Django's host check passes. ``database``:
for the worker and the scheduler, which serve nothing: their queue, the database,
answers. Exit status 0 when healthy, 1 when not.
"""

import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 4


def request_host(allowed_hosts: str) -> str:
    """A Host header that ALLOWED_HOSTS accepts: its first entry, a leading dot
    (any subdomain) answered by the bare domain, a wildcard by localhost."""
    first = next(
        (host.strip() for host in allowed_hosts.split(",") if host.strip()), ""
    )
    if not first or first == "*":
        return "localhost"
    return first.lstrip(".")


def http_healthy(environ: dict) -> bool:
    url = environ.get(
        "HEALTHCHECK_URL", f"http://127.0.0.1:{environ.get('PORT', '8000')}/healthz"
    )
    request = urllib.request.Request(  # noqa: S310 (a fixed http URL, never user input)
        url, headers={"Host": request_host(environ.get("ALLOWED_HOSTS", ""))}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def database_healthy(environ: dict) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            environ["DATABASE_URL"], connect_timeout=TIMEOUT_SECONDS
        ) as connection:
            connection.execute("SELECT 1")
    except (KeyError, psycopg.Error):
        return False
    return True


CHECKS = {"http": http_healthy, "database": database_healthy}


def main(argv: list[str]) -> int:
    check = CHECKS.get(argv[1] if len(argv) > 1 else "http")
    if check is None:
        print(f"usage: healthcheck.py [{'|'.join(CHECKS)}]", file=sys.stderr)
        return 2
    return 0 if check(dict(os.environ)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
