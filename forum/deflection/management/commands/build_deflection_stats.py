from django.core.management.base import BaseCommand

from forum.deflection.services.aggregation import build_deflection_stats


class Command(BaseCommand):
    help = (
        "Recompute changed support journeys and rebuild the daily deflection "
        "aggregates and the report's period rollups (incremental and idempotent; "
        "--full redoes everything kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Recompute every journey and every day still within retention.",
        )

    def handle(self, *args, full: bool = False, **options):
        result = build_deflection_stats(full=full)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['journeys']} journeys recomputed, "
                f"{len(result['days'])} days rebuilt, "
                f"{result['rollups']} period rollups built."
            )
        )
