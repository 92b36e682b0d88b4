from django.core.management.base import BaseCommand

from accounts.models import User, verify_own_email


class Command(BaseCommand):
    help = (
        "Mark every superuser's own e-mail address verified and primary, so that "
        "administrators made before createsuperuser did so can sign in to /admin/."
    )

    def handle(self, *args, **options):
        changed = sum(
            verify_own_email(user) for user in User.objects.filter(is_superuser=True)
        )
        self.stdout.write(f"Verified the address of {changed} superuser(s).")
