"""The benchmark: production settings, PostgreSQL, Redis, gunicorn with 2 workers, and
wrk at 4 connections against the main pages and the floor (bench/floor.py).

    python -m bench.run            # 50,000 threads / 500,000 posts (seeded once)
    python -m bench.run --small    # 5,000 threads, a few seconds per page (CI)

Prints req/s, p50 and p99 latency, SQL queries per page and throughput as a ratio to
the floor, measured in one run from one database.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess  # runs the benchmark's own server and tools  # nosec B404
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-" + "x7Kq2Lm9Pz4Rt7Wv1Nb6Hc3Jd5Fg0Sa" * 2


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""
    queries: int | None = None


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def add_bench_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options that choose the benchmark's data set, database, cache and server."""
    parser.add_argument("--small", action="store_true", help="5,000 threads; CI size")
    parser.add_argument("--duration", type=int, default=None, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--reseed", action="store_true", help="drop and reload data")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crowd_bench"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    return parser


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    return add_bench_arguments(parser).parse_args(argv)


def environment(args, static_root: str) -> dict:
    database = args.database_url.rsplit("/", 1)
    name = database[1] + ("_small" if args.small else "")
    return os.environ | {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{database[0]}/{name}",
        "REDIS_URL": args.redis_url,
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "immediate",
    }


def manage(env: dict, *arguments: str) -> None:
    subprocess.run(  # our own tools, fixed arguments  # nosec B603
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True
    )


def prepare_database(env: dict, *, small: bool, reseed: bool = False) -> None:
    """Create and migrate the database at ``env["DATABASE_URL"]``, and seed it once
    (``seed_bulk``, at CI size when ``small``)."""
    import psycopg

    url = env["DATABASE_URL"]
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as pg:
        exists = pg.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and reseed:
            pg.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            pg.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--no-input", "-v0")
    with psycopg.connect(url) as pg:
        seeded = pg.execute("SELECT count(*) FROM forum_post").fetchone()[0]
    if not seeded:
        manage(env, "seed_bulk", *(["--small"] if small else []))


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def choose_pages(env: dict) -> list[Page]:
    """The pages to measure, their SQL query counts, and session cookies for the
    signed-in runs (made in-process with the same settings)."""
    os.environ.update(env)
    import django

    django.setup()
    from bench.targets import pages_to_measure

    return pages_to_measure()


def start_gunicorn(args, env: dict) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # our own tools, fixed arguments  # nosec B603
        [
            str(gunicorn),
            "community.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(  # noqa: S310 - loopback only  # nosec B310
                f"http://127.0.0.1:{args.port}/healthz", timeout=2
            ) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def run_wrk(args, page: Page, duration: int) -> Result:
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(args.connections),
        "--duration",
        f"{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if page.cookie:
        command += ["--header", f"Cookie: {page.cookie}"]
    url = f"http://127.0.0.1:{args.port}{page.path}"
    warm_up = [*command[:5], "--duration", "1s", url]
    subprocess.run(warm_up, capture_output=True, check=True)  # noqa: S603 - fixed argument list: our own manage.py, gunicorn and load tools  # nosec B603
    output = subprocess.run(  # noqa: S603 - fixed argument list: our own manage.py, gunicorn and load tools  # nosec B603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> Result:
    """req/s, p50, p99 and non-2xx/3xx answers from wrk's --latency report."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Result(rate, p50, p99, int(errors.group(1)) if errors else 0)


def print_table(rows: list[tuple[Page, Result]], floor: Result) -> None:
    header = (
        f"{'page':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL':>5} "
        f"{'× floor':>8} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for page, result in rows:
        ratio = result.requests_per_second / floor.requests_per_second
        queries = "-" if page.queries is None else str(page.queries)
        print(
            f"{page.name:<34} {result.requests_per_second:>8.1f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {queries:>5} {ratio:>8.2f} {result.errors:>7}"
        )


def main(argv=None) -> int:
    args = parse_arguments(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")
    duration = args.duration or (3 if args.small else 15)
    with tempfile.TemporaryDirectory() as static_root:
        env = environment(args, static_root)
        prepare_database(env, small=args.small, reseed=args.reseed)
        manage(env, "collectstatic", "--no-input", "-v0")
        pages = choose_pages(env)
        server = start_gunicorn(args, env)
        try:
            rows = [(page, run_wrk(args, page, duration)) for page in pages]
        finally:
            stop_process_group(server)
    floor = next(result for page, result in rows if page.name == "floor")
    print_table(rows, floor)
    return 1 if any(result.errors for _, result in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
