"""`make relevance`: search quality on the relevance collections, on a fresh site.

For each engine (SQLite always; PostgreSQL when DATABASE_URL names one) and each
collection: a new database, migrated and seeded with the demo accounts; gunicorn
serving it with the write limits raised for the load; the evaluator loading the
collection through the REST API (demo threads hidden) and running every query
through the search API and both suggestion endpoints. It prints the evaluator's
report for each, then one table of every run, and writes each run's JSON summary
to --out-dir.

    python -m bench.relevance.run [--collections dev,dev-hard]
                                  [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess  # runs our own manage.py, gunicorn and evaluator  # nosec B404
import sys
import tempfile
from pathlib import Path

from bench.run import stop_process_group, wait_until_healthy

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
COLLECTIONS = {"dev": HERE / "dev.json", "dev-hard": HERE / "dev-hard.json"}
# Loading ~300 threads through the API writes faster than any member would.
LOAD_LIMITS = {
    "API_THROTTLE_ANON": "100000/min",
    "API_THROTTLE_USER": "100000/min",
    "API_THROTTLE_WRITES": "100000/min",
    "MODERATION_RATE_LIMITS": "post=,thread_new_account=,reply_new_account=",
}
METRICS = ("recall@1", "recall@3", "recall@10", "mrr@10", "ndcg@10")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(engine: str, workdir: Path, label: str) -> str:
    """The URL of a new, empty database for one run."""
    if engine == "sqlite":
        return f"sqlite:///{workdir / f'{label}.sqlite3'}"
    import psycopg

    server, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    name = f"{name}_relevance_{label}".replace("-", "_")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def run(command: list[str], env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py and evaluator  # nosec B603


def serve(env: dict, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments  # nosec B603
        [str(gunicorn), "community.wsgi:application", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    return wait_until_healthy(server, port, seconds=60)


def one_run(engine: str, collection: str, workdir: Path, out_dir: Path) -> dict:
    label = f"{engine}-{collection}"
    url = fresh_database(engine, workdir, label)
    env = (
        os.environ
        | LOAD_LIMITS
        | {
            "DATABASE_URL": url,
            "DJANGO_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "community.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([sys.executable, "manage.py", "seed_demo"], env | {"PYTHONWARNINGS": "ignore"})
    port = free_port()
    server = serve(env, port)
    summary = out_dir / f"{label}.json"
    evaluator = [sys.executable, str(HERE / "relevance_eval.py")]
    base = ["--base", f"http://127.0.0.1:{port}", "--collection"]
    base.append(str(COLLECTIONS[collection]))
    try:
        run([*evaluator, "load", *base, "--hide-unlisted"], env)
        run(
            [*evaluator, "evaluate", *base, "--suggestions", "--label", label]
            + ["--out", str(summary), "--show-failures", "5"],
            env,
        )
    finally:
        stop_process_group(server)
    return json.loads(summary.read_text(encoding="utf-8"))


def print_table(results: dict[str, dict]) -> None:
    print("\n== Relevance, every run (the suggestion doors show five results)")
    print(f"{'run':<23} {'door':<8} R@1    R@3    R@10   MRR@10 nDCG@10  zero   p50 ms")
    for label, summary in results.items():
        for door, data in summary["doors"].items():
            m = data["metrics"]
            values = "  ".join(f"{m[name]:.3f}" for name in METRICS)
            print(
                f"{label:<23} {door:<8} {values}  {m['zero_result_rate']:.3f}"
                f"  {m['latency_ms_p50']:6.1f}"
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", default="dev,dev-hard")
    engines = (
        "sqlite,postgresql"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "sqlite"
    )
    parser.add_argument("--engines", default=engines)
    parser.add_argument("--out-dir", default=str(ROOT / "relevance-results"))
    args = parser.parse_args(argv)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="relevance-") as workdir:
        for engine in args.engines.split(","):
            for collection in args.collections.split(","):
                label = f"{engine}-{collection}"
                results[label] = one_run(engine, collection, Path(workdir), out_dir)
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
