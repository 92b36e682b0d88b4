from django.core.management.base import BaseCommand

from community.jobs import run_once_at_a_time
from community.retention import purge_expired_data


class Command(BaseCommand):
    help = (
        "Delete expired sessions, audit entries older than AUDIT_RETENTION_DAYS and "
        "deflection data past its retention, in batches (idempotent; run daily). "
        "Skipped while another run is in progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, batch_size: int = 5000, **options):
        with run_once_at_a_time("purge_expired_data") as running:
            if not running:
                return  # the lock logged why
            deleted = purge_expired_data(batch_size=max(1, batch_size))
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))
