from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class NotificationKind(models.TextChoices):
    """What happened; each kind has its own delivery preference."""

    REPLY = "reply", _("Replies in threads you follow")
    NEW_THREAD = "new_thread", _("New threads in boards and tags you follow")
    MENTION = "mention", _("Someone mentions you")
    QUESTION_SOLVED = "question_solved", _("A solution is accepted on your question")
    ANSWER_ACCEPTED = "answer_accepted", _("Your answer is accepted as the solution")
    KUDOS = "kudos", _("Kudos for your posts")
    MODERATION = "moderation", _("Moderator actions on your posts")
    ACCEPT_REMINDER = "accept_reminder", _("Reminders to accept a solution")
    BADGE = "badge", _("Badges you earn")
    MESSAGE = "message", _("Private messages to you")
    ARTICLE = "article", _("Knowledge articles you write, review or follow")
    ARTICLE_FEEDBACK = "article_feedback", _("Readers' comments on articles you own")
    IDEA_STATUS = "idea_status", _("Status changes of ideas you voted for or follow")
    IDEA_COMMENT = "idea_comment", _("Comments on ideas you posted or follow")


class Channel(models.TextChoices):
    EMAIL = "email", _("In the site and by e-mail")
    SITE = "site", _("In the site only")
    OFF = "off", _("Off")


# What a member gets until they choose otherwise: e-mail for what concerns them
# directly, the site only for the frequent, low-stakes kinds.
DEFAULT_CHANNELS = {
    NotificationKind.REPLY: Channel.EMAIL,
    NotificationKind.NEW_THREAD: Channel.EMAIL,
    NotificationKind.MENTION: Channel.EMAIL,
    NotificationKind.QUESTION_SOLVED: Channel.EMAIL,
    NotificationKind.ANSWER_ACCEPTED: Channel.EMAIL,
    NotificationKind.KUDOS: Channel.SITE,
    NotificationKind.MODERATION: Channel.EMAIL,
    NotificationKind.ACCEPT_REMINDER: Channel.EMAIL,
    NotificationKind.BADGE: Channel.SITE,
    NotificationKind.MESSAGE: Channel.EMAIL,
    NotificationKind.ARTICLE: Channel.EMAIL,
    NotificationKind.ARTICLE_FEEDBACK: Channel.SITE,
    NotificationKind.IDEA_STATUS: Channel.EMAIL,
    NotificationKind.IDEA_COMMENT: Channel.SITE,
}


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens")
    DAILY = "daily", _("In one daily digest")
    NEVER = "never", _("Never")


class EmailState(models.TextChoices):
    NONE = "", _("Not e-mailed")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DIGEST = "digest", _("Waiting for the digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class NotificationSettings(models.Model):
    """A member's e-mail cadence and follow behaviour; absent means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    email_frequency = models.CharField(
        max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )
    auto_follow = models.BooleanField(
        default=True,
        verbose_name=_("Follow threads I start or reply to"),
        help_text=_("You hear about new replies and solutions in them."),
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"


class NotificationPreference(models.Model):
    """How one member wants to hear about one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} → {self.channel}"


class Notification(models.Model):
    """Something a member should hear about, shown in the notification centre and
    possibly e-mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A private message's conversation (the message itself is never quoted).
    conversation = models.ForeignKey(
        "private_messages.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A knowledge article (forum.knowledge) or an idea (forum.ideas).
    article = models.ForeignKey(
        "knowledge.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    idea = models.ForeignKey(
        "ideas.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Kudos are batched: one unread notification per post counts the people.
    count = models.PositiveIntegerField(default=1)
    # A board or tag name, a badge name, a moderator's reason.
    detail = models.CharField(max_length=300, blank=True)
    # For moderator actions: what was done ("hidden", "edited", ...).
    action = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Moves forward when a batch grows, so the list shows fresh activity first.
    last_event_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, blank=True, default=EmailState.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_event_at", "-id"]
        indexes = [
            models.Index(
                "recipient",
                F("last_event_at").desc(),
                F("id").desc(),
                name="notification_recent",
            ),
            # The header's unread count: one COUNT over this partial index.
            models.Index(
                "recipient",
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                "recipient",
                "created_at",
                condition=Q(email_state="digest"),
                name="notification_digest_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(kind="kudos", read_at__isnull=True),
                name="one_unread_kudos_batch_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class BoardFollow(models.Model):
    """A member follows a board to hear about its new threads."""

    board = models.ForeignKey(
        "forum.Board", on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"], name="one_follow_per_board"
            )
        ]
        indexes = [models.Index("user", "board", name="follow_user_board")]

    def __str__(self) -> str:
        return f"{self.user_id} follows board {self.board_id}"


class TagFollow(models.Model):
    """A member follows a tag to hear about new threads carrying it."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "user"], name="one_follow_per_tag")
        ]
        indexes = [models.Index("user", "tag", name="follow_user_tag")]

    def __str__(self) -> str:
        return f"{self.user_id} follows tag {self.tag_id}"


class AcceptReminder(models.Model):
    """The one reminder an asker gets to accept a solution; its row makes it one."""

    thread = models.OneToOneField(
        "forum.Thread", on_delete=models.CASCADE, related_name="accept_reminder"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Accept reminder for thread {self.thread_id}"


# Reply by e-mail keeps its model in its own package; importing it here registers
# it with this app, whose migrations hold it.
from forum.notifications.inbound.models import InboundReply  # noqa: E402, F401
