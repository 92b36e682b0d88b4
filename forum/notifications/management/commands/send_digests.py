from django.core.management.base import BaseCommand

from forum.notifications import services


class Command(BaseCommand):
    help = (
        "E-mail the daily digest to members who chose it (at most one per member per "
        "day, so it is safe to run hourly)."
    )

    def handle(self, *args, **options):
        sent = services.send_digests()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
