from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.reputation.badges import BADGES


class Rank(models.Model):
    """One rung of the rank ladder: members with at least ``min_points`` reputation
    carry this name beside theirs."""

    name = models.CharField(max_length=60, unique=True)
    min_points = models.PositiveIntegerField(
        unique=True, help_text=_("Reputation a member needs to reach this rank.")
    )

    class Meta:
        ordering = ["min_points"]

    def __str__(self) -> str:
        return f"{self.name} ({self.min_points}+ points)"


class BadgeAward(models.Model):
    """A badge a member earned; badges are defined in code (forum.reputation.badges)
    and never taken back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards"
    )
    # Not a choices field: adding a badge to the catalogue needs no migration.
    badge = models.CharField(max_length=40, db_index=True)
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["awarded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "badge"], name="one_award_per_badge"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.badge}"

    @property
    def definition(self):
        return BADGES.get(self.badge)

    @property
    def name(self) -> str:
        return self.definition.name if self.definition else self.badge

    @property
    def tier(self) -> str:
        return self.definition.tier if self.definition else "bronze"

    @property
    def description(self) -> str:
        return self.definition.description if self.definition else ""


class KnowledgeCredit(models.Model):
    """The answerer's credit for a knowledge article made from their accepted
    answer: one row per article, so publishing it again (after an archive and a
    restore) credits nobody twice."""

    article = models.OneToOneField(
        "knowledge.Article", on_delete=models.CASCADE, related_name="credit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="knowledge_credits",
    )
    points = models.PositiveIntegerField()
    credited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-credited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: article {self.article_id}"
