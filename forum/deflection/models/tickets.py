"""Support tickets, their deliveries to the helpdesk, and the managers' settings."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TicketSource(models.TextChoices):
    FORM = "form", _("contact-support form")
    HELPDESK = "helpdesk", _("reported by the helpdesk")


class TicketMatch(models.TextChoices):
    """How a ticket found its journeys (the report counts each)."""

    JOURNEY = "journey", _("by journey")
    IDENTITY = "identity", _("by customer identity")
    UNMATCHED = "unmatched", _("not matched")


class IdentityKind(models.TextChoices):
    """What the helpdesk may name a customer by; only keyed hashes are stored."""

    EMAIL = "email", _("e-mail address")
    SSO = "sso", _("SSO subject")
    ACCOUNT_NUMBER = "account_number", _("customer account number")


class TicketCategory(models.TextChoices):
    BILLING = "billing", _("Billing and payments")
    MOBILE = "mobile", _("Mobile service")
    INTERNET = "internet", _("Home internet")
    DEVICES = "devices", _("Devices and equipment")
    ACCOUNT = "account", _("Account and sign-in")
    OTHER = "other", _("Something else")


class Ticket(models.Model):
    """A request for assisted support: from our form, or reported by the helpdesk."""

    SUBJECT_MAX_LENGTH = 150
    DESCRIPTION_MAX_LENGTH = 5000

    reference = models.CharField(max_length=16, unique=True)
    journey = models.ForeignKey(
        "deflection.Journey",
        to_field="public_id",
        db_column="journey_key",
        # Journey rows are materialised from events later; the key is enough.
        db_constraint=False,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    source = models.CharField(max_length=20, choices=TicketSource.choices)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH, blank=True)
    description = models.TextField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    category = models.CharField(
        max_length=20, choices=TicketCategory.choices, blank=True
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    helpdesk_ticket_id = models.CharField(
        max_length=100, null=True, blank=True, unique=True
    )
    match = models.CharField(
        max_length=10, choices=TicketMatch.choices, default=TicketMatch.JOURNEY
    )
    # For tickets the helpdesk reported by customer identity: its kind and keyed
    # hash (never the value), so a replay can be told from a conflict.
    identity_kind = models.CharField(
        max_length=20, choices=IdentityKind.choices, blank=True
    )
    identity_digest = models.CharField(max_length=64, blank=True)
    # When the ticket was opened (the helpdesk's time for reported tickets).
    created_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)
    # With no helpdesk to forward to, a contact-form ticket is kept for staff to
    # read in the community's ticket list; they mark it handled once answered.
    kept_in_product = models.BooleanField(default=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["journey", "created_at"], name="ticket_journey"),
            models.Index(fields=["created_at"], name="ticket_created"),
            models.Index(
                fields=["-created_at"],
                condition=models.Q(kept_in_product=True),
                name="ticket_kept_in_product",
            ),
        ]

    def __str__(self) -> str:
        return f"Ticket {self.reference}"


class TicketJourney(models.Model):
    """A journey an identity-matched ticket counts for (one ticket may count for
    several of the member's journeys; a journey-id ticket uses ``Ticket.journey``)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="matched_journeys"
    )
    journey = models.ForeignKey(
        "deflection.Journey",
        to_field="public_id",
        db_column="journey_key",
        db_constraint=False,
        # Purging a journey (retention) drops its links with it.
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "ticket"], name="ticket_journey_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} -> {self.journey_id}"


class MemberIdentity(models.Model):
    """A keyed hash of something the helpdesk may know a member by (a verified
    e-mail address, an SSO subject, a customer account number): never the value."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=IdentityKind.choices)
    digest = models.CharField(max_length=64)
    # Which SocialAccount or EmailAddress row it came from, to keep it current.
    source = models.CharField(max_length=40)

    class Meta:
        verbose_name_plural = _("member identities")
        constraints = [
            models.UniqueConstraint(fields=["kind", "digest"], name="identity_once")
        ]
        indexes = [models.Index(fields=["user", "source"], name="identity_source")]

    def __str__(self) -> str:
        return f"{self.kind} of member {self.user_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed (gave up retrying)")


class DeliveryChannel(models.TextChoices):
    WEBHOOK = "webhook", _("webhook")
    EMAIL = "email", _("e-mail")


class Delivery(models.Model):
    """One outgoing message kept until it is delivered (an outbox row).

    Generic on purpose: ``event`` and ``payload`` describe any outgoing webhook; a
    ticket delivery just also points at its ticket.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=50)
    payload = models.JSONField()
    ticket = models.ForeignKey(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    endpoint = models.ForeignKey(
        "integrations.WebhookEndpoint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        help_text=_("For integration webhooks: the endpoint this goes to."),
    )
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    channel = models.CharField(
        max_length=20, choices=DeliveryChannel.choices, blank=True
    )
    destination = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(fields=["status", "created_at"], name="delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.event} delivery {self.uuid}"


class DeflectionSettings(models.Model):
    """The managers' knobs for the report: one row (pk 1)."""

    cost_per_contact = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("12.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What one assisted contact (call, chat, ticket) costs."),
    )
    currency = models.CharField(
        max_length=3,
        default="AUD",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO code."))],
        help_text=_("ISO 4217 code, e.g. AUD, EUR, USD."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deflection settings")
        verbose_name_plural = _("deflection settings")

    def __str__(self) -> str:
        return f"{self.cost_per_contact} {self.currency} per assisted contact"

    @classmethod
    def load(cls) -> "DeflectionSettings":
        """The settings row, created with the defaults on first use."""
        return cls.objects.get_or_create(pk=1)[0]
