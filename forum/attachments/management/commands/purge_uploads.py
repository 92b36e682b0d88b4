from django.core.management.base import BaseCommand

from forum.attachments.services import purge_unattached_uploads
from forum.attachments.tasks import schedule_upload_purge


class Command(BaseCommand):
    help = (
        "Delete uploads that no post took within a day. With --schedule, queue the "
        "hourly purge on the task backend instead (once, at deployment)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the periodic purge job rather than purging now.",
        )

    def handle(self, *args, schedule: bool = False, **options):
        if schedule:
            queued = schedule_upload_purge()
            self.stdout.write("Purge queued." if queued else "Purge already queued.")
            return
        purged = purge_unattached_uploads()
        self.stdout.write(f"Purged {purged} unattached uploads.")
