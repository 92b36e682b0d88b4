from community.jobs import ScheduledJobCommand
from forum.attachments.services import purge_unattached_uploads


class Command(ScheduledJobCommand):
    help = (
        "Delete uploads that no post took within a day (hourly in deploy/crontab). "
        "Skipped while another run is in progress."
    )

    job = "purge_uploads"

    def work(self, **options) -> str:
        return f"Purged {purge_unattached_uploads()} unattached uploads."
