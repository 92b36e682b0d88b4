from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from forum.knowledge.models import Article
from forum.models import Thread
from forum.search import vocabulary
from forum.search.backends import get_backend
from forum.search.indexing import index_threads
from forum.search.knowledge import index_articles


class Command(BaseCommand):
    help = (
        "Rebuild every thread's and published article's search document, its "
        "meaning vector and the vocabulary's counts, in batches (after an import, "
        "a restore, or a change to what is indexed). Safe to run while the site "
        "is up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=200,
            help="Threads per transaction (default 200).",
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        batch_size = max(batch_size, 1)
        indexed, last_id = 0, 0
        while True:
            # Keyset pagination: each batch is one short transaction, so a rebuild of
            # a large forum never holds locks for long.
            ids = list(
                Thread.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            with transaction.atomic():
                indexed += index_threads(ids)
            last_id = ids[-1]
            if options["verbosity"] >= 2:
                self.stdout.write(f"Indexed threads up to id {last_id}.")
        indexed += self._articles(batch_size, options["verbosity"])
        backend = get_backend()
        with transaction.atomic():
            pruned = backend.prune()
            # Exact counts again, whatever wrote past the indexer (a bulk load).
            vocabulary.recount()
        backend.optimize()
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {indexed} search documents"
                + (f" and removed {pruned} stale index rows." if pruned else ".")
            )
        )

    def _articles(self, batch_size: int, verbosity: int) -> int:
        """Every article, so that one no longer published loses its document."""
        indexed, last_id = 0, 0
        while True:
            ids = list(
                Article.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            with transaction.atomic():
                indexed += index_articles(ids)
            last_id = ids[-1]
        if verbosity >= 2:
            self.stdout.write(f"Indexed {indexed} knowledge articles.")
        return indexed
