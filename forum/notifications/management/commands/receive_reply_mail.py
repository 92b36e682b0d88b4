"""Take one e-mail reply from standard input: the fallback to the Mailgun webhook,
for a mail server pipe (Postfix: ``| manage.py receive_reply_mail``) or a mailbox
fetcher (fetchmail's ``mda``, an IMAP script). docs/reply-by-email.md sets it up.

Exit codes follow sysexits.h, which MTAs read: 0 taken (posted later, or refused
with an e-mail to the member), 65 (EX_DATAERR) unreadable or not for a reply
address, so the MTA bounces it; 75 (EX_TEMPFAIL) when the database is down, so the
MTA tries again later.
"""

import logging
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from forum.integrations.inbound_mail import from_raw_message
from forum.notifications.inbound import tokens
from forum.notifications.inbound.models import InboundReply, InboundSource, InboundState
from forum.notifications.inbound.services import process_reply_mail, receive_reply_mail

logger = logging.getLogger(__name__)

EX_DATAERR = 65
EX_TEMPFAIL = 75
MAX_MESSAGE_BYTES = 10_000_000


class Command(BaseCommand):
    help = (
        "Read one raw e-mail (RFC 822) on standard input and post it as a reply by "
        "e-mail; or, with --pending, post the e-mail replies whose job never ran."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient",
            default="",
            help="The envelope recipient, when the mail server passes it "
            "(Postfix: ${original_recipient}); otherwise the headers are read.",
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Post stored e-mail replies still waiting (no input is read).",
        )

    def handle(self, *args, recipient="", pending=False, **options):
        if pending:
            return self._post_pending()
        if not tokens.is_enabled():
            raise CommandError(
                "REPLY_BY_EMAIL_DOMAIN is not set.", returncode=EX_DATAERR
            )
        raw = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
        if len(raw) > MAX_MESSAGE_BYTES:
            raise CommandError("The message is too big.", returncode=EX_DATAERR)
        email = from_raw_message(raw, recipient=recipient)
        address = tokens.reply_address_in(email.recipients)
        if not address or not email.sender:
            raise CommandError(
                "Not an e-mail to a reply address (no reply+ recipient or no sender).",
                returncode=EX_DATAERR,
            )
        try:
            inbound, created = receive_reply_mail(
                email, recipient=address, source=InboundSource.PIPE
            )
        except DatabaseError as error:
            logger.exception("Could not store an e-mail reply")
            raise CommandError(
                "The database is unavailable; try again later.", returncode=EX_TEMPFAIL
            ) from error
        state = "stored" if created else "duplicate"
        self.stdout.write(f"E-mail reply {inbound.pk}: {state}.")

    def _post_pending(self):
        waiting = InboundReply.objects.filter(state=InboundState.RECEIVED)
        posted = 0
        for inbound_id in waiting.values_list("pk", flat=True):
            process_reply_mail(inbound_id)
            posted += 1
        self.stdout.write(f"Handled {posted} waiting e-mail replies.")
