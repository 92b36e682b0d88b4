import time

from django.core.management.base import BaseCommand, CommandError

from demo.bulk import BulkOptions, seed_bulk


class Command(BaseCommand):
    help = (
        "Load a large synthetic community for benchmarks (fixed seed). Defaults: "
        "5,000 users, 50,000 threads, 500,000 posts, 1,000,000 support journeys "
        "(with their daily deflection aggregates). --small: a tenth of that."
    )

    def add_arguments(self, parser):
        defaults = BulkOptions()
        parser.add_argument("--users", type=int, default=defaults.users)
        parser.add_argument("--boards", type=int, default=defaults.boards)
        parser.add_argument("--threads", type=int, default=defaults.threads)
        parser.add_argument("--posts", type=int, default=defaults.posts)
        parser.add_argument("--journeys", type=int, default=defaults.journeys)
        parser.add_argument("--days", type=int, default=defaults.days)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--small",
            action="store_true",
            help="1,000 users, 5,000 threads, 50,000 posts, 100,000 journeys.",
        )

    def handle(self, *args, **options):
        if options["small"]:
            options |= {
                "users": 1_000,
                "threads": 5_000,
                "posts": 50_000,
                "journeys": 100_000,
            }
        if min(options["users"], options["boards"], options["threads"]) < 1:
            raise CommandError("users, boards and threads must be at least 1.")
        if options["journeys"] < 0 or options["days"] < 1:
            raise CommandError("journeys must not be negative, days at least 1.")
        if options["posts"] < options["threads"]:
            raise CommandError("posts must be at least threads (each has a question).")
        bulk = BulkOptions(
            **{
                name: options[name]
                for name in (
                    "users",
                    "boards",
                    "threads",
                    "posts",
                    "journeys",
                    "days",
                    "seed",
                )
            }
        )
        started = time.monotonic()
        seed_bulk(bulk, log=lambda line: self.stdout.write(f"  {line}"))
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Bulk data loaded in {seconds:.1f} s."))
