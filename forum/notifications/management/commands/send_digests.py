from community.jobs import ScheduledJobCommand
from forum.notifications import services


class Command(ScheduledJobCommand):
    help = (
        "E-mail the daily digest to members who chose it (at most one per member per "
        "day, so it is safe to run hourly). Skipped while another run is in progress."
    )

    job = "send_digests"

    def work(self, **options) -> str:
        sent = services.send_digests()
        return f"Sent {sent} digest{'s' if sent != 1 else ''}."
