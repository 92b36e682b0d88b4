from django.core.management.base import BaseCommand

from community.jobs import run_once_at_a_time
from forum.attachments.services import purge_unattached_uploads


class Command(BaseCommand):
    help = (
        "Delete uploads that no post took within a day (hourly in deploy/crontab). "
        "Skipped while another run is in progress."
    )

    def handle(self, *args, **options):
        with run_once_at_a_time("purge_uploads") as running:
            if not running:
                return  # the lock logged why
            purged = purge_unattached_uploads()
        self.stdout.write(f"Purged {purged} unattached uploads.")
