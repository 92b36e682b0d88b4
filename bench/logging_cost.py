"""What deflection logging adds to one search request, measured in-process with the
benchmark's settings and database.

    python -m bench.logging_cost --small [--requests 300]
    python -m bench.logging_cost --small --no-commit-wait   # what-if, see below

Requests with logging (a new visitor: no cookie, no user agent, as wrk sends them)
and without (a crawler's user agent, which logging skips) alternate one by one, in
mirrored pairs, so that drift on a shared machine falls on both sides alike; the
difference is the median of the paired differences. wrk's runs of whole pages on a
busy machine differ by more than the 5% this has to resolve. Also prints the SQL
each side ran on the request's own connection (the events are written by the
process's writer thread, in batches) and checks that every logged request's
event reached the table.

``--no-commit-wait`` sets ``synchronous_commit`` off on the process's connections.
``--each-in-its-request`` writes every event in its request (the tests' setting),
to compare with the batches. Run `make bench` once first: it creates, seeds and
indexes the database this reads.
"""

import argparse
import os
import statistics
import sys
import time

from bench.run import add_bench_arguments, environment


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="pairs of requests")
    parser.add_argument("--no-commit-wait", action="store_true")
    parser.add_argument("--each-in-its-request", action="store_true")
    options = add_bench_arguments(parser).parse_args(argv)
    # Plain static storage: both sides render the same page, and the compressed
    # manifest would cost a collectstatic for nothing this measures.
    os.environ.update(
        environment(options, static_root="")
        | {"DJANGO_SETTINGS_MODULE": "bench.load_settings"}
        | (
            {"DEFLECTION_EVENT_FLUSH_SECONDS": "0"}
            if options.each_in_its_request
            else {}
        )
    )
    import django

    django.setup()
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.targets import BOT_USER_AGENT, pages_to_measure
    from forum.deflection.models import JourneyEvent
    from forum.deflection.services.event_writer import flush_pending_events

    if options.no_commit_wait:

        def commit_without_waiting(sender, connection, **kwargs):
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")

        connection_created.connect(commit_without_waiting)
        connection.close()
    path = next(page.path for page in pages_to_measure() if page.key == "search")
    logged = Client(HTTP_HOST="127.0.0.1")
    unlogged = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=BOT_USER_AGENT)
    queries = {logged: [], unlogged: []}

    def timed_get(client) -> float:
        client.cookies.clear()  # a new visitor each time, as under wrk
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
        queries[client].append(len(captured.captured_queries))
        return elapsed

    for _ in range(5):  # warm caches and connections
        timed_get(logged)
        timed_get(unlogged)
    flush_pending_events()
    events_before = JourneyEvent.objects.count()
    with_logging, without = [], []
    for pair in range(options.requests):
        if pair % 2:
            without.append(timed_get(unlogged))
            with_logging.append(timed_get(logged))
        else:
            with_logging.append(timed_get(logged))
            without.append(timed_get(unlogged))
    differences = [a - b for a, b in zip(with_logging, without, strict=True)]
    baseline = statistics.median(without)
    added = statistics.median(differences)
    quartiles = statistics.quantiles(differences, n=4)
    print(f"{path}: {options.requests} pairs, alternating")
    print(f"  with logging      median {statistics.median(with_logging):7.1f} ms")
    print(f"  without logging   median {baseline:7.1f} ms")
    mean_added = statistics.fmean(differences)
    mean_baseline = statistics.fmean(without)
    print(
        f"  logging adds      median {added:+7.1f} ms ({added / baseline * 100:+.1f}%),"
        f" quartiles {quartiles[0]:+.1f} to {quartiles[2]:+.1f} ms"
    )
    print(
        f"                    mean   {mean_added:+7.1f} ms"
        f" ({mean_added / mean_baseline * 100:+.1f}% of the mean without)"
    )
    flush_pending_events()
    written = JourneyEvent.objects.count() - events_before
    print(
        f"  SQL on the request median {statistics.median(queries[logged]):.0f} with"
        f" logging, {statistics.median(queries[unlogged]):.0f} without"
    )
    print(f"  events written    {written} of {options.requests} logged requests")
    if written != options.requests:
        raise SystemExit("Some logged searches' events never reached the table.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
