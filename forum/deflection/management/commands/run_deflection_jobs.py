from django.core.management.base import BaseCommand, CommandError

from forum.deflection.services.periodic import run_periodic_jobs


class Command(BaseCommand):
    help = (
        "The periodic deflection run (deploy/crontab, every "
        "DEFLECTION_JOBS_INTERVAL_MINUTES): retry due helpdesk deliveries, file the "
        "care desk's queued messages, build the aggregates and queue the report "
        "summaries that are due. Skipped while another run is in progress."
    )

    def handle(self, *args, **options):
        run = run_periodic_jobs()
        if run is None:
            return  # the lock logged why
        stats = run.stats or {"journeys": 0, "days": ()}
        self.stdout.write(
            f"{run.deliveries or 0} deliveries attempted, {run.filed or 0} messages "
            f"filed, {stats['journeys']} journeys recomputed, "
            f"{len(stats['days'])} days rebuilt."
        )
        if run.failed:
            raise CommandError(
                f"Failed: {', '.join(run.failed)} (see the log); the next run tries "
                "again."
            )
