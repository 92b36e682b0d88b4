from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo import seed


class Command(BaseCommand):
    help = "Load demo content and demo accounts (idempotent). --reset starts over."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all data in the database first, then load the demo.",
        )

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            if settings.PRODUCTION:
                raise CommandError("--reset empties the database; not in production.")
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Database emptied.")
        seed.seed_all()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"\nDemo accounts (password for all: {seed.DEMO_PASSWORD})")
        for username, email, label in seed.account_summary():
            self.stdout.write(f"  {username:<8} {email:<22} {label}")
        self.stdout.write("Sign in with the username or the e-mail address.\n")
