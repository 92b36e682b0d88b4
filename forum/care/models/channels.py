"""Where cases come from: the networks, the teams whose business hours targets
count in, the connectors that take messages in and send replies out, and the
customers as the networks know them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import limits

TEXT_MAX_LENGTH = 10_000
HANDLE_MAX_LENGTH = 100
NAME_MAX_LENGTH = 200
EXTERNAL_ID_MAX_LENGTH = 200


class Network(models.TextChoices):
    """Where a customer wrote; the channel of response targets and reports."""

    TWITTER = "twitter", _("X (Twitter)")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


class CareTeam(models.Model):
    """Agents who share business hours; a connector's cases run on its team's
    clock. Holidays are not modelled: a closed day is a day left out of
    ``working_days``."""

    name = models.CharField(max_length=80, unique=True)
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    # ISO weekday numbers, Monday = 1 ... Sunday = 7, e.g. "12345".
    working_days = models.CharField(max_length=7, default="12345")
    opens_at = models.TimeField(default="08:00")
    closes_at = models.TimeField(default="20:00")
    is_always_open = models.BooleanField(
        default=False, help_text=_("Targets run around the clock, every day.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Connector(models.Model):
    """One way in (and back out): a generic signed webhook, an inbound-mail
    route, or a network-specific class (``forum.care.connectors``)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=limits.SLUG_MAX_LENGTH, unique=True)
    # A key of ``forum.care.connectors.REGISTRY``.
    kind = models.CharField(max_length=40, default="webhook")
    network = models.CharField(
        max_length=20, choices=Network.choices, default=Network.OTHER
    )
    team = models.ForeignKey(
        CareTeam,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="connectors",
        help_text=_(
            "Whose business hours the targets count in; none: around the clock."
        ),
    )
    inbound_secret = models.CharField(
        max_length=200, help_text=_("Key that signs what reaches the intake address.")
    )
    outbound_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("The operator's posting service, which receives signed replies."),
    )
    outbound_secret = models.CharField(max_length=200, blank=True)
    intake_per_minute = models.PositiveIntegerField(
        default=600, help_text=_("Requests accepted per minute before 429.")
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareContact(models.Model):
    """A customer as a network knows them, linked to a community member when
    the member signed in with that network's social login."""

    network = models.CharField(max_length=20, choices=Network.choices)
    # The network's own id for the author (stable across renamed handles).
    external_id = models.CharField(max_length=EXTERNAL_ID_MAX_LENGTH, blank=True)
    handle = models.CharField(max_length=HANDLE_MAX_LENGTH)
    display_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_contacts",
    )
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    # Erasure keeps the row (cases still count in reports) without the person.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "handle"], name="care_contact_handle_once"
            )
        ]
        indexes = [
            models.Index(fields=["network", "external_id"], name="care_contact_extid")
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({self.get_network_display()})"
