"""Private conversations between members (and between staff and members)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import limits
from forum.moderation.models import Report


class Conversation(models.Model):
    """A private conversation: a subject, its participants and their messages."""

    subject = models.CharField(max_length=limits.TITLE_MAX_LENGTH)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Moves forward with every message, so inboxes list fresh activity first.
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("messages:conversation", args=[self.pk])


class Participant(models.Model):
    """One member in one conversation: how far they have read, and whether they left."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
    )
    joined_at = models.DateTimeField(default=timezone.now)
    # Messages with a larger id than this are unread (0: nothing read yet).
    last_read_message_id = models.PositiveBigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_participant_per_member"
            )
        ]
        indexes = [
            models.Index(
                "user",
                "conversation",
                condition=Q(left_at__isnull=True),
                name="participant_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in conversation {self.conversation_id}"

    @property
    def has_left(self) -> bool:
        return self.left_at is not None


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    # A line in the conversation saying its author left.
    LEFT = "left", _("Left the conversation")


class Message(models.Model):
    """One message in a conversation, its Markdown and the sanitised HTML."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="private_messages",
    )
    kind = models.CharField(
        max_length=10, choices=MessageKind.choices, default=MessageKind.MESSAGE
    )
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index("conversation", "id", name="message_in_conversation"),
            models.Index("author", "created_at", name="message_author"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} in conversation {self.conversation_id}"

    @property
    def is_event(self) -> bool:
        return self.kind != MessageKind.MESSAGE


class Block(models.Model):
    """A member blocks another: no new conversations, no notifications from them."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["blocker", "blocked"], name="one_block_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(blocker=F("blocked")), name="no_blocking_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MessageReport(Report):
    """A participant reports a message to the moderators: while it is open, global
    moderators may read the conversation (each read is audited)."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reports"
    )
    # The message's conversation, so access checks need no join.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_reports",
    )

    class Meta(Report.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="one_report_per_message"
            )
        ]
        indexes = [
            models.Index(
                "conversation",
                condition=Q(resolved_at__isnull=True),
                name="message_report_open",
            )
        ]

    def __str__(self) -> str:
        return f"Report of message {self.message_id} by {self.reporter_id}"
