"""Cases, their conversation (messages either way), their timeline of events,
the intake queue that files incoming messages on them, and response targets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from forum.care.models.channels import (
    EXTERNAL_ID_MAX_LENGTH,
    HANDLE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CareContact,
    Connector,
    Network,
)


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", pgettext_lazy("case status", "Open")
    WAITING = "waiting", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")


# Statuses an agent still has to act on: the queue, and the targets' clocks.
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.OPEN)


class CasePriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class CaseTag(TagBase):
    """The desk's own tags, so they never show among the community's."""

    class Meta:
        verbose_name = _("case tag")


class TaggedCase(ItemBase):
    tag = models.ForeignKey(CaseTag, on_delete=models.CASCADE, related_name="items")
    content_object = models.ForeignKey("Case", on_delete=models.CASCADE)


class Case(models.Model):
    reference = models.CharField(max_length=16, unique=True)
    connector = models.ForeignKey(
        Connector, on_delete=models.PROTECT, related_name="cases"
    )
    network = models.CharField(max_length=20, choices=Network.choices)
    contact = models.ForeignKey(
        CareContact, on_delete=models.PROTECT, related_name="cases"
    )
    subject = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    priority = models.CharField(
        max_length=10, choices=CasePriority.choices, default=CasePriority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_cases",
    )
    tags = TaggableManager(through=TaggedCase, blank=True)
    # The conversation began in public (a mention) rather than in a private message.
    is_public = models.BooleanField(default=True)
    # The customer agreed to be named when the case becomes a community thread.
    publish_consent = models.BooleanField(default=False)
    opened_at = models.DateTimeField(default=timezone.now)
    last_inbound_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_response_due = models.DateTimeField()
    resolution_due = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The next target to fall due while the case waits on an agent; None once
    # resolved or waiting on the customer (``forum.care.targets.next_due``).
    next_due_at = models.DateTimeField(null=True, blank=True)
    # Answered with a link to a solved thread or a knowledge article: a social
    # deflection in the deflection report.
    answered_with_community_at = models.DateTimeField(null=True, blank=True)
    community_thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_cases",
    )

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["status", "next_due_at"], name="care_case_queue"),
            models.Index(fields=["assignee", "status"], name="care_case_assignee"),
            models.Index(fields=["opened_at"], name="care_case_opened"),
            models.Index(fields=["network", "opened_at"], name="care_case_network"),
            models.Index(fields=["contact", "opened_at"], name="care_case_contact"),
            # The deflection report's social section counts cases by this time.
            models.Index(
                fields=["answered_with_community_at"],
                name="care_case_answered",
                condition=Q(answered_with_community_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("care:case", args=[self.reference])

    @property
    def is_resolved(self) -> bool:
        return self.status == CaseStatus.RESOLVED


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("From an agent")


class CaseMessage(models.Model):
    """One message of a case's conversation, either way. Inbound messages are
    unique per connector by the network's message id, so a redelivery or a replay
    is stored once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    connector = models.ForeignKey(
        Connector, on_delete=models.PROTECT, related_name="messages"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    external_id = models.CharField(max_length=EXTERNAL_ID_MAX_LENGTH, blank=True)
    in_reply_to = models.CharField(max_length=EXTERNAL_ID_MAX_LENGTH, blank=True)
    author_handle = models.CharField(max_length=HANDLE_MAX_LENGTH, blank=True)
    author_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Untrusted text from a network: stored as received, always rendered escaped.
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    url = models.URLField(max_length=500, blank=True)
    is_public = models.BooleanField(default=True)
    sent_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)
    linked_thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_article = models.ForeignKey(
        "knowledge.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The outbound delivery to the connector (the outbox row is the delivery log).
    delivery = models.ForeignKey(
        "deflection.Delivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["connector", "external_id"],
                condition=~Q(external_id=""),
                name="care_message_once",
            )
        ]
        indexes = [
            models.Index(fields=["case", "sent_at"], name="care_message_case"),
            models.Index(
                fields=["connector", "in_reply_to"], name="care_message_reply"
            ),
            # Replies sent in a period (workload, the answers agents linked).
            models.Index(fields=["direction", "sent_at"], name="care_message_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on {self.case_id}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Opened the case")
    CLAIMED = "claimed", _("Claimed the case")
    ASSIGNED = "assigned", _("Assigned the case")
    RELEASED = "released", _("Released the case")
    STATUS = "status", _("Changed the status")
    PRIORITY = "priority", _("Changed the priority")
    TAGS = "tags", _("Changed the tags")
    NOTE = "note", _("Added an internal note")
    CONSENT = "consent", _("Recorded the customer's consent to be named")
    LINKED = "linked", _("Answered with community content")
    THREAD = "thread", _("Turned the case into a community thread")
    REDACTED = "redacted", _("Removed the customer's personal data")


class CaseEvent(models.Model):
    """The timeline besides messages: who did what to the case, and notes
    (internal, never sent)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.CharField(max_length=200, blank=True)
    after = models.CharField(max_length=200, blank=True)
    text = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="care_event_case")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case_id}"


class InboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class InboundMessage(models.Model):
    """The intake queue: a message a connector accepted (answered 202), stored
    before anything else so a flood or a crash loses nothing; a job files it on
    its case. ``payload`` is the connector's normalised message."""

    connector = models.ForeignKey(
        Connector, on_delete=models.PROTECT, related_name="inbound"
    )
    external_id = models.CharField(max_length=EXTERNAL_ID_MAX_LENGTH)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=InboundStatus.choices, default=InboundStatus.QUEUED
    )
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    message = models.ForeignKey(
        CaseMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connector", "external_id"], name="care_inbound_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="care_inbound_queue")
        ]

    def __str__(self) -> str:
        return f"{self.connector_id}:{self.external_id}"


class ResponseTarget(models.Model):
    """How soon a case must get its first response and its resolution, per
    channel and priority; an empty channel or priority matches any. Without a
    matching row: first response within 60 minutes, resolution the same day."""

    network = models.CharField(max_length=20, choices=Network.choices, blank=True)
    priority = models.CharField(max_length=10, choices=CasePriority.choices, blank=True)
    first_response_minutes = models.PositiveIntegerField(default=60)
    # Business minutes; empty: by the close of the business day the case opened on.
    resolution_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "priority"], name="care_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network or 'any channel'} / {self.priority or 'any priority'}"
