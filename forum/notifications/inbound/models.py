"""Every inbound e-mail accepted for reply by e-mail, and what became of it.

The row is written before anything is posted, keyed by the mail's Message-ID, so a
delivery the provider repeats (or a fetcher reads twice) is recognised and posts
once. It belongs to the notifications app (its migration is there).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MESSAGE_ID_MAX_LENGTH = 255
SUBJECT_MAX_LENGTH = 200
# Longer than any post may be, so the post rules (not a cut) refuse an overlong one.
TEXT_MAX_LENGTH = 100_000


class InboundSource(models.TextChoices):
    MAILGUN = "mailgun", _("Mailgun inbound route")
    PIPE = "pipe", _("Mail server pipe or mailbox fetcher")


class InboundState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("e-mail reply state", "Received")
    POSTED = "posted", pgettext_lazy("e-mail reply state", "Posted")
    REFUSED = "refused", pgettext_lazy("e-mail reply state", "Refused")


class RefusalReason(models.TextChoices):
    FORGED = "forged", _("Reply address not issued by the site")
    EXPIRED = "expired", _("Reply address expired")
    UNKNOWN_MEMBER = "unknown_member", _("Member no longer exists")
    WRONG_SENDER = "wrong_sender", _("Sent from an address the member has not verified")
    SUSPENDED = "suspended", _("Member suspended or banned")
    LOCKED = "locked", _("Thread locked")
    HIDDEN = "hidden", _("Thread hidden or gone")
    NOT_ALLOWED = "not_allowed", _("Member may no longer reply there")
    EMPTY = "empty", _("No text once quotes and signature were removed")
    INVALID = "invalid", _("Text refused by the posting rules")
    FLOOD = "flood", _("Flood limit reached")
    AUTOMATIC = "automatic", _("Automatic mail (out of office, bounce)")


class InboundReply(models.Model):
    """One e-mail sent to a reply address, and the reply or message it became or
    why it was refused."""

    message_id = models.CharField(max_length=MESSAGE_ID_MAX_LENGTH, unique=True)
    source = models.CharField(max_length=10, choices=InboundSource.choices)
    sender = models.CharField(max_length=320)
    recipient = models.CharField(max_length=320)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH, blank=True)
    # As received; the quoted earlier mail and signature are removed when posting.
    text = models.TextField(blank=True)
    is_automatic = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)

    state = models.CharField(
        max_length=10, choices=InboundState.choices, default=InboundState.RECEIVED
    )
    refusal = models.CharField(max_length=20, choices=RefusalReason.choices, blank=True)
    # What the posting rules said, for the refusal e-mail ("" for most refusals).
    refusal_detail = models.CharField(max_length=500, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    refusal_emailed_at = models.DateTimeField(null=True, blank=True)

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notification = models.ForeignKey(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conversation = models.ForeignKey(
        "private_messages.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    private_message = models.ForeignKey(
        "private_messages.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("e-mail reply")
        verbose_name_plural = _("e-mail replies")
        indexes = [
            # The daily cap on refusal e-mails counts one member's recent ones.
            models.Index(
                "member",
                "refusal_emailed_at",
                condition=models.Q(refusal_emailed_at__isnull=False),
                name="inbound_reply_refusals",
            )
        ]

    def __str__(self) -> str:
        return f"E-mail reply {self.message_id} ({self.state})"
