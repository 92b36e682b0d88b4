from django.core.management.base import BaseCommand

from community.retention import purge_expired_data


class Command(BaseCommand):
    help = (
        "Delete expired sessions, audit entries older than AUDIT_RETENTION_DAYS and "
        "deflection data past its retention, in batches (idempotent; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, batch_size: int = 5000, **options):
        deleted = purge_expired_data(batch_size=max(1, batch_size))
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))
