"""The site's settings that managers and administrators edit in the interface.

One row (pk 1). Every field may be left empty, meaning "the environment's value":
environment variables stay the first defaults, and the row only records what
someone changed in the settings area.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.console.colours import HEX_COLOUR


def _minutes_validators():
    # A target of 0 minutes makes every question late the moment it is asked.
    return [MinValueValidator(1), MaxValueValidator(60 * 24 * 14)]


class SiteSettings(models.Model):
    """The settings row; read through ``forum.console.conf``, written through
    ``forum.console.services``."""

    site_name = models.CharField(max_length=80, blank=True)
    logo = models.FileField(upload_to="site/", blank=True)
    favicon = models.FileField(upload_to="site/", blank=True)
    brand_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_("The header and primary buttons' background, e.g. #0b5cad."),
    )
    link_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_("Links on the light background, e.g. #0b5cad."),
    )
    home_message = models.TextField(max_length=500, blank=True)
    featured_boards = models.ManyToManyField(
        "forum.Board", blank=True, related_name="+"
    )
    first_response_target_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=_minutes_validators()
    )
    moderation_flags_to_hide = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    moderation_approval_account_days = models.PositiveIntegerField(
        null=True, blank=True
    )
    moderation_approval_first_posts = models.PositiveIntegerField(null=True, blank=True)
    moderation_new_account_max_links = models.PositiveIntegerField(
        null=True, blank=True
    )
    # After this many days without a review, a published knowledge article
    # shows a "may be out of date" notice and joins its owner's review list.
    DEFAULT_ARTICLE_REVIEW_DAYS = 180
    article_review_days = models.PositiveIntegerField(
        default=DEFAULT_ARTICLE_REVIEW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    # Changes with every save: the brand stylesheet's and images' addresses carry
    # it, so browsers may keep them for a year and still see a change at once.
    version = models.CharField(max_length=16, default="1")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return gettext("Site settings")
