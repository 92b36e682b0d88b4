"""Profile one benchmark page in-process, with the benchmark's production settings and
database, and print where the time goes (pyinstrument).

    python -m bench.profile "thread, 50 replies (customer)" --requests 200
    python -m bench.profile --list

Run `make bench` (or `python -m bench.run --small`) once first: it creates and seeds
the database this reads.
"""

import argparse
import os
import sys
import tempfile

from bench.run import add_bench_arguments, environment, manage


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", help="a page name as `make bench` prints it")
    parser.add_argument("--list", action="store_true", help="list the page names")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--html", help="write an HTML profile to this file")
    options = add_bench_arguments(parser).parse_args(argv)
    with tempfile.TemporaryDirectory() as static_root:
        env = environment(options, static_root)
        manage(env, "collectstatic", "--no-input", "-v0")
        os.environ.update(env)
        import django

        django.setup()
        from django.test import Client
        from pyinstrument import Profiler

        from bench.targets import pages_to_measure

        pages = {page.name: page for page in pages_to_measure()}
        if options.list or options.page not in pages:
            print("\n".join(pages))
            return 0 if options.list else 2
        page = pages[options.page]
        client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=page.user_agent)

        def get():
            # As wrk does: the page's own cookie on every request, never one the
            # site set (a kept journey cookie would turn repeated searches into
            # one keystroke burst, which logs nothing).
            client.cookies.clear()
            if page.cookie:
                name, value = page.cookie.split("=", 1)
                client.cookies[name] = value
            client.get(page.path)

        get()  # warm caches, as the benchmark's warm-up does
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(options.requests):
                get()
        if options.html:
            with open(options.html, "w") as output:
                output.write(profiler.output_html())
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
