"""The benchmark: production settings, PostgreSQL, Redis, gunicorn with 2 workers, and
wrk at 4 connections against the main pages and the floor (bench/floor.py).

    python -m bench.run            # 50,000 threads / 500,000 posts (seeded once)
    python -m bench.run --small    # 5,000 threads, a few seconds per page (CI)

Prints req/s, p50 and p99 latency, SQL queries per page and throughput as a ratio to
the floor, measured in one run from one database; then each of the issue's targets
with its measured value and PASS, MISS or NOISY. Missed targets are printed, not
failed on (at CI size they mean little); the exit code is 1 only when a page answered
non-2xx.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess  # runs the benchmark's own server and tools  # nosec B404
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
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
    key: str = ""  # what the targets call the page; its name may vary with the data
    user_agent: str = ""


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    # Between repeated runs of one page: (highest - lowest) / mean req/s, in percent.
    spread_percent: float | None = None


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    met: bool | None  # None: the measurement is too noisy to say


VERDICT_LABELS = {True: "PASS", False: "MISS", None: "NOISY"}


# The targets.
FLOOR_RATIO_TARGET = 0.7
SEARCH_P50_TARGET_MS = 50.0
SUGGESTIONS_P50_TARGET_MS = 30.0
SEARCH_NAIVE_RATIO_TARGET = 1.0
LOGGING_OVERHEAD_TARGET_PERCENT = 5.0
REPORT_P50_TARGET_MS = 200.0
# The managers' reports held to it: page key, name in the verdict.
REPORTS = {
    "report": "deflection",
    "community-report": "community",
    "search-report": "search",
}


def add_bench_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options that choose the benchmark's data set, database, cache and server."""
    parser.add_argument("--small", action="store_true", help="5,000 threads; CI size")
    parser.add_argument("--duration", type=int, default=None, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument(
        "--logging-rounds",
        type=int,
        default=2,
        help="runs of the search page with and without deflection logging, each",
    )
    parser.add_argument("--reseed", action="store_true", help="drop and reload data")
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated page keys to measure (e.g. search,report); the floor"
        " is always measured, as the ratios need it",
    )
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
    """Create and migrate the database at ``env["DATABASE_URL"]``, seed it once
    (``seed_bulk``, at CI size when ``small``) and index its threads for search."""
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
    if not _has_rows(url, "forum_post"):
        manage(env, "seed_bulk", *(["--small"] if small else []))
    if not _has_rows(url, "search_threaddocument"):
        # seed_bulk writes with COPY, past the signals that index threads: without
        # this the search page would search nothing.
        manage(env, "rebuild_search_index")


def _has_rows(url: str, table: str) -> bool:
    import psycopg
    from psycopg import sql

    query = sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table))
    with psycopg.connect(url) as pg:
        return pg.execute(query).fetchone()[0]


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


def pages_named(pages: Sequence[Page], keys: str) -> list[Page]:
    """The pages whose keys the comma-separated ``keys`` name, and the floor that
    every ratio needs; all pages when ``keys`` is empty."""
    if not keys:
        return list(pages)
    wanted = {"floor", *(key.strip() for key in keys.split(","))}
    return [page for page in pages if page.key in wanted]


def choose_pages(env: dict) -> list[Page]:
    """The pages to measure, their SQL query counts, and session cookies for the
    signed-in runs (made in-process with the same settings)."""
    os.environ.update(env)
    import django

    django.setup()
    from bench.targets import pages_to_measure

    return pages_to_measure()


def start_gunicorn(args, env: dict) -> subprocess.Popen:
    ensure_port_free(args.port)
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
    return wait_until_healthy(server, args.port, seconds=30)


def wait_until_healthy(
    server: subprocess.Popen, port: int, *, seconds: int, name: str = "gunicorn"
):
    """The server, once /healthz answers 200; stopped, and the run refused, when it
    exits or does not answer in time, or the wait is interrupted (Ctrl-C): the
    caller holds no handle on it until it returns."""
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"{name} exited with status {server.returncode}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - loopback only  # nosec B310
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{name} did not start")
    except BaseException:
        stop_process_group(server)
        raise


def ensure_port_free(port: int) -> None:
    """Refuse to start when something already listens on the port: the run would
    measure that server (a leftover from an interrupted run) instead of its own."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(
                f"Port {port} is already in use (a server left from an earlier run?);"
                " stop it or pass --port."
            )


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
    if page.user_agent:
        command += ["--header", f"User-Agent: {page.user_agent}"]
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


def measurement_order(pages: Sequence[Page], *, rounds: int) -> list[Page]:
    """Each page once, in order; but the search page with and without logging run
    ``rounds`` times each, alternately and mirrored (with, without, without, with,
    ...), so that drift on a shared machine weighs on both alike."""
    keys = {page.key: page for page in pages}
    logged, unlogged = keys.get("search"), keys.get("search-unlogged")
    order = []
    for page in pages:
        if logged is None or unlogged is None:
            order.append(page)
        elif page is logged:
            pairs = [(logged, unlogged), (unlogged, logged)]
            for round_number in range(max(rounds, 1)):
                order += pairs[round_number % 2]
        elif page is not unlogged:
            order.append(page)
    return order


def average(results: Sequence[Result]) -> Result:
    """One page's repeated runs as one result: mean rate and latencies, all errors."""
    rates = [result.requests_per_second for result in results]
    mean_rate = statistics.fmean(rates)
    return Result(
        mean_rate,
        statistics.fmean(result.p50_ms for result in results),
        statistics.fmean(result.p99_ms for result in results),
        sum(result.errors for result in results),
        (max(rates) - min(rates)) / mean_rate * 100 if len(results) > 1 else None,
    )


def print_table(rows: list[tuple[Page, Result]], floor: Result) -> None:
    header = (
        f"{'page':<38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL':>5} "
        f"{'× floor':>8} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for page, result in rows:
        ratio = result.requests_per_second / floor.requests_per_second
        queries = "-" if page.queries is None else str(page.queries)
        print(
            f"{page.name:<38} {result.requests_per_second:>8.1f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {queries:>5} {ratio:>8.2f} {result.errors:>7}"
        )


def target_verdicts(rows: Sequence[tuple[Page, Result]]) -> list[Verdict]:
    """The issue's targets, each with its measured value; a target whose pages were
    not measured is left out."""
    results = {page.key: result for page, result in rows if page.key}
    names = {page.key: page.name for page, _ in rows if page.key}
    verdicts = []
    floor = results.get("floor")
    for key in ("board-visitor", "board-customer", "thread-visitor", "thread-customer"):
        if floor and key in results:
            ratio = results[key].requests_per_second / floor.requests_per_second
            verdicts.append(
                Verdict(
                    f"{names[key]} ≥ {FLOOR_RATIO_TARGET:.1f}× floor",
                    f"{ratio:.2f}×",
                    ratio >= FLOOR_RATIO_TARGET,
                )
            )
    search = results.get("search")
    if search:
        verdicts.append(
            Verdict(
                f"search p50 ≤ {SEARCH_P50_TARGET_MS:.0f} ms",
                f"{search.p50_ms:.1f} ms",
                search.p50_ms <= SEARCH_P50_TARGET_MS,
            )
        )
    if search and "search-floor" in results:
        naive = results["search-floor"]
        ratio = search.requests_per_second / naive.requests_per_second
        verdicts.append(
            Verdict(
                f"search ≥ {SEARCH_NAIVE_RATIO_TARGET:.1f}× naive ranking (req/s)",
                f"{ratio:.2f}×",
                ratio >= SEARCH_NAIVE_RATIO_TARGET,
            )
        )
    if search and "search-unlogged" in results:
        verdicts.append(
            _logging_verdict(logged=search, unlogged=results["search-unlogged"])
        )
    suggestions = results.get("suggestions")
    if suggestions:
        verdicts.append(
            Verdict(
                f"ask-a-question suggestions p50 ≤ {SUGGESTIONS_P50_TARGET_MS:.0f} ms",
                f"{suggestions.p50_ms:.1f} ms",
                suggestions.p50_ms <= SUGGESTIONS_P50_TARGET_MS,
            )
        )
    for key, name in REPORTS.items():
        report = results.get(key)
        if report:
            verdicts.append(
                Verdict(
                    f"{name} report p50 < {REPORT_P50_TARGET_MS:.0f} ms",
                    f"{report.p50_ms:.1f} ms",
                    report.p50_ms < REPORT_P50_TARGET_MS,
                )
            )
    return verdicts


def _logging_verdict(*, logged: Result, unlogged: Result) -> Verdict:
    """What logging adds to a search: the rise in p50 and the fall in req/s, each
    within the target. When repeated runs of one page differed by more than the
    target, the difference cannot tell logging from noise, and the verdict says so."""
    p50_change = (logged.p50_ms / unlogged.p50_ms - 1) * 100
    rate_change = (logged.requests_per_second / unlogged.requests_per_second - 1) * 100
    measured = f"with logging: p50 {p50_change:+.1f}%, req/s {rate_change:+.1f}%"
    met = max(p50_change, -rate_change) <= LOGGING_OVERHEAD_TARGET_PERCENT
    spreads = [
        result.spread_percent
        for result in (logged, unlogged)
        if result.spread_percent is not None
    ]
    if spreads:
        measured += f" (runs of one page differ by up to {max(spreads):.1f}%)"
        if max(spreads) > LOGGING_OVERHEAD_TARGET_PERCENT:
            met = None
    return Verdict(
        f"deflection logging adds ≤ {LOGGING_OVERHEAD_TARGET_PERCENT:.0f}% to a search",
        measured,
        met,
    )


def print_targets(verdicts: Sequence[Verdict]) -> None:
    if not verdicts:
        return
    print()
    print("targets (printed, not enforced: the exit code counts only errors)")
    width = max(len(verdict.target) for verdict in verdicts)
    for verdict in verdicts:
        print(
            f"  {VERDICT_LABELS[verdict.met]:<5}  {verdict.target:<{width}}  "
            f"{verdict.measured}"
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
        pages = pages_named(pages, args.pages)
        server = start_gunicorn(args, env)
        runs: dict[str, list[Result]] = {page.name: [] for page in pages}
        try:
            for page in measurement_order(pages, rounds=args.logging_rounds):
                runs[page.name].append(run_wrk(args, page, duration))
        finally:
            stop_process_group(server)
    rows = [(page, average(runs[page.name])) for page in pages]
    floor = next(result for page, result in rows if page.key == "floor")
    print_table(rows, floor)
    print_targets(target_verdicts(rows))
    return 1 if any(result.errors for _, result in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
