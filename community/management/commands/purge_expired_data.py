from community.jobs import ScheduledJobCommand
from community.retention import purge_expired_data


class Command(ScheduledJobCommand):
    help = (
        "Delete expired sessions, audit entries older than AUDIT_RETENTION_DAYS and "
        "deflection data past its retention, in batches (idempotent; run daily). "
        "Skipped while another run is in progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)

    job = "purge_expired_data"

    def work(self, *, batch_size: int = 5000, **options) -> str:
        deleted = purge_expired_data(batch_size=max(1, batch_size))
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        return self.style.SUCCESS(f"Deleted {summary}.")
