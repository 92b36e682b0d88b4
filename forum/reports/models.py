"""Managers' subscriptions to the scheduled report summaries, and what was sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SummaryFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly (Monday to Sunday)")
    MONTHLY = "monthly", _("Monthly")


class ReportSubscription(models.Model):
    """A member who gets a summary of the reports by e-mail after every full week
    or month, for every board or for one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    frequency = models.CharField(max_length=10, choices=SummaryFrequency.choices)
    # Deleting a board ends its subscriptions: widening them to every board would
    # send a manager figures they never asked for.
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["frequency", "board__name", "pk"]
        constraints = [
            # NULL boards are distinct in a plain unique constraint: one for each case.
            models.UniqueConstraint(
                fields=["user", "frequency"],
                condition=Q(board__isnull=True),
                name="report_subscription_all_boards_once",
            ),
            models.UniqueConstraint(
                fields=["user", "frequency", "board"],
                condition=Q(board__isnull=False),
                name="report_subscription_board_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} summary for member {self.user_id}"


class SentSummary(models.Model):
    """One summary sent for one subscription and period: the row that makes sending
    idempotent (written in the sending transaction, unique per period)."""

    subscription = models.ForeignKey(
        ReportSubscription, on_delete=models.CASCADE, related_name="sent"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start"]
        verbose_name_plural = _("sent summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"],
                name="summary_sent_once_per_period",
            )
        ]

    def __str__(self) -> str:
        period = f"{self.period_start}..{self.period_end}"
        return f"Summary {period} for subscription {self.subscription_id}"
