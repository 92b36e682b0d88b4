from django.core.management.base import BaseCommand

from forum.deflection.services.retention import purge_deflection_events


class Command(BaseCommand):
    help = (
        "Delete deflection events and journeys older than DEFLECTION_RETENTION_DAYS "
        "and daily aggregates older than 25 months, in batches (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, batch_size: int = 5000, **options):
        deleted = purge_deflection_events(batch_size=max(1, batch_size))
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))
