from django.core.management.base import BaseCommand

from community.jobs import run_once_at_a_time
from forum.notifications import services


class Command(BaseCommand):
    help = (
        "E-mail the daily digest to members who chose it (at most one per member per "
        "day, so it is safe to run hourly). Skipped while another run is in progress."
    )

    def handle(self, *args, **options):
        with run_once_at_a_time("send_digests") as running:
            if not running:
                return  # the lock logged why
            sent = services.send_digests()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
