from django.core.management.base import BaseCommand

from forum.deflection.tasks import schedule_periodic_jobs


class Command(BaseCommand):
    help = (
        "Queue the periodic deflection job (aggregates and delivery retries) on the "
        "database task backend, unless it is already queued. Safe on every deploy."
    )

    def handle(self, *args, **options):
        if schedule_periodic_jobs():
            self.stdout.write(self.style.SUCCESS("Periodic deflection job queued."))
        else:
            self.stdout.write(
                "Not queued: already queued, or the task backend runs jobs at once "
                "(then run build_deflection_stats and deliver_helpdesk_tickets "
                "from cron)."
            )
