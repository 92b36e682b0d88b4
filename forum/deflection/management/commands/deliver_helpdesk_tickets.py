from django.core.management.base import BaseCommand

from forum.deflection.services.outbox import deliver_due


class Command(BaseCommand):
    help = "Try every pending outbox delivery that is due (helpdesk tickets)."

    def handle(self, *args, **options):
        tried = deliver_due()
        self.stdout.write(self.style.SUCCESS(f"{tried} deliveries attempted."))
