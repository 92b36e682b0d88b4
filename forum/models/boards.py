"""Categories and boards."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A heading that groups boards on the home page."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class BoardKind(models.TextChoices):
    QUESTIONS = "questions", _("Questions (threads can be solved)")
    DISCUSSION = "discussion", _("Discussion")


class BoardQuerySet(models.QuerySet):
    def active(self):
        """Boards that are listed and take new threads (not archived)."""
        return self.filter(archived_at__isnull=True)


class Board(models.Model):
    """A place for one subject, such as "Mobile" or "Billing & Account"."""

    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boards",
    )
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=20, choices=BoardKind.choices, default=BoardKind.QUESTIONS
    )
    position = models.PositiveIntegerField(default=0)
    posting_requires_verified_customer = models.BooleanField(
        default=False,
        help_text=_(
            "Only verified customers (marked by the company sign-in) and "
            "staff may ask or reply here; everyone may still read."
        ),
    )
    # Archived boards leave every list and take no new threads; their threads stay
    # readable at their addresses (forum.console.services.archive_board).
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Denormalised for the home page; kept exact by forum.services.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:board", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_questions(self) -> bool:
        return self.kind == BoardKind.QUESTIONS
