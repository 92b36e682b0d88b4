from django.core.management.base import BaseCommand

from forum.notifications import services


class Command(BaseCommand):
    help = (
        "Remind askers to accept a solution ACCEPT_REMINDER_DAYS after the first "
        "reply (once per thread, so it is safe to run as often as you like)."
    )

    def handle(self, *args, **options):
        sent = services.send_accept_reminders()
        self.stdout.write(f"Sent {sent} accept reminder{'s' if sent != 1 else ''}.")
