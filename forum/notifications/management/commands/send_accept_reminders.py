from django.core.management.base import BaseCommand

from community.jobs import run_once_at_a_time
from forum.notifications import services


class Command(BaseCommand):
    help = (
        "Remind askers to accept a solution ACCEPT_REMINDER_DAYS after the first "
        "reply (once per thread, so it is safe to run as often as you like). "
        "Skipped while another run is in progress."
    )

    def handle(self, *args, **options):
        with run_once_at_a_time("send_accept_reminders") as running:
            if not running:
                return  # the lock logged why
            sent = services.send_accept_reminders()
        self.stdout.write(f"Sent {sent} accept reminder{'s' if sent != 1 else ''}.")
