from django.core.management.base import BaseCommand, CommandError

from forum.care.models import Network
from forum.care.services.privacy import erase_contact, find_contact


class Command(BaseCommand):
    help = (
        "Erase a social care customer who asked by other means than their account: "
        "their cases are redacted (figures kept) and their handle replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--network", required=True, choices=Network.values)
        parser.add_argument(
            "--handle", required=True, help="As the network shows it, e.g. @carla"
        )

    def handle(self, *args, network: str, handle: str, **options):
        contact = find_contact(network=network, handle=handle)
        if contact is None:
            raise CommandError(f"No customer {handle} on {network}.")
        redacted = erase_contact(contact)
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased {handle} on {network}; {redacted} case(s) redacted."
            )
        )
