from community.jobs import ScheduledJobCommand
from forum.notifications import services


class Command(ScheduledJobCommand):
    help = (
        "Remind askers to accept a solution ACCEPT_REMINDER_DAYS after the first "
        "reply (once per thread, so it is safe to run as often as you like). "
        "Skipped while another run is in progress."
    )

    job = "send_accept_reminders"

    def work(self, **options) -> str:
        sent = services.send_accept_reminders()
        return f"Sent {sent} accept reminder{'s' if sent != 1 else ''}."
