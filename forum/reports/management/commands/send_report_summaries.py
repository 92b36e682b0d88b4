from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from community.jobs import run_once_at_a_time
from forum.models import Board
from forum.reports.models import SummaryFrequency
from forum.reports.sending import send_due_summaries, send_summary_to


class Command(BaseCommand):
    help = (
        "Send the scheduled report summaries now: every subscription its summary "
        "of the latest complete week or month, unless already sent (the background "
        "job does the same on its own). --to sends one summary to any address."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            choices=SummaryFrequency.values,
            help="Only weekly or only monthly summaries (default: both).",
        )
        parser.add_argument(
            "--to",
            metavar="EMAIL",
            help="Send the summary to this address instead of the subscribers "
            "(not recorded as sent).",
        )
        parser.add_argument(
            "--board", metavar="SLUG", help="With --to: one board's figures."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send again to subscribers who already had this period's summary.",
        )

    def handle(self, *args, period=None, to=None, board=None, force=False, **options):
        if to:
            self._send_to(to, frequency=period or SummaryFrequency.WEEKLY, slug=board)
            return
        if board:
            raise CommandError("--board goes with --to; subscriptions name their own.")
        with run_once_at_a_time("send_report_summaries") as running:
            if not running:
                return  # the lock logged why
            result = send_due_summaries(
                frequencies=[period] if period else None, force=force
            )
        for frequency, (start, end) in result.periods.items():
            self.stdout.write(f"{frequency}: {start} to {end}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {result.sent} summaries; {result.already_sent} already sent; "
                f"{result.ended} subscriptions ended (no longer permitted); "
                f"{result.waiting} waiting (member suspended or without an address)."
            )
        )
        if result.failed:
            raise CommandError(
                f"{result.failed} summaries could not be sent (see the log); the "
                "next run tries them again."
            )

    def _send_to(self, email: str, *, frequency: str, slug: str | None) -> None:
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        board = None
        if slug:
            board = Board.objects.filter(slug=slug).first()
            if board is None:
                raise CommandError(f"No board with the slug {slug!r}.")
        figures = send_summary_to(email, frequency=frequency, board=board)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent the {frequency} summary for {figures.current.start} to "
                f"{figures.current.end} to {email}."
            )
        )
