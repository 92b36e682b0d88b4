from django.core.management.base import BaseCommand

from forum.deflection.services.identities import sync_all_members


class Command(BaseCommand):
    help = (
        "Recompute members' identity digests (verified e-mail addresses, SSO "
        "subjects, account number claims) after changing DEFLECTION_IDENTITY_KEY, "
        "SECRET_KEY or SSO_ACCOUNT_NUMBER_CLAIM."
    )

    def handle(self, *args, **options):
        count = sync_all_members()
        self.stdout.write(f"{count} member identities.")
