"""The idea exchange: customers propose improvements on idea boards, vote and
comment; staff answer each idea with a status and a public response.

Counters (votes, comments) are kept exact by ``forum.ideas.services`` with F()
updates in the writing transaction; a merge moves votes and recounts.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from forum import limits
from forum.moderation.models import Report


class IdeaBoard(models.Model):
    """A place for ideas on one subject ("App and My Account", "Plans")."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=limits.SLUG_MAX_LENGTH, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Archived boards take no new ideas; their ideas stay readable.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ideas:board", args=[self.slug])


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    NOT_PLANNED = "not_planned", _("Not planned")
    DUPLICATE = "duplicate", _("Duplicate")


class IdeaQuerySet(models.QuerySet):
    def public(self):
        """What everyone may see: not hidden."""
        return self.filter(is_hidden=False)


class Idea(models.Model):
    board = models.ForeignKey(IdeaBoard, on_delete=models.PROTECT, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    title = models.CharField(max_length=limits.TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=limits.SLUG_MAX_LENGTH)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    tags = TaggableManager(blank=True)

    status = models.CharField(
        max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The first public response by staff: "without a staff response after N days".
    first_response_at = models.DateTimeField(null=True, blank=True)
    # Set when the idea was merged as a duplicate (status DUPLICATE).
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
    )

    is_hidden = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)

    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-vote_count", "-created_at", "-id"]
        indexes = [
            models.Index(
                "board",
                F("vote_count").desc(),
                F("id").desc(),
                condition=Q(is_hidden=False),
                name="idea_board_votes",
            ),
            models.Index(
                "board",
                F("created_at").desc(),
                condition=Q(is_hidden=False),
                name="idea_board_newest",
            ),
            models.Index(
                "status",
                F("vote_count").desc(),
                condition=Q(is_hidden=False),
                name="idea_status_votes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:idea", args=[self.pk, self.slug])


class IdeaVote(models.Model):
    """One member's vote for one idea; withdrawn by deleting the row."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_vote_per_idea")
        ]
        # "Trending": votes of the last days, counted per idea.
        indexes = [models.Index("idea", "created_at", name="idea_vote_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} votes for {self.idea_id}"


class IdeaStatusChange(models.Model):
    """Staff moved an idea to a status and said why, in public. Never changed
    afterwards: the idea's page shows them all, newest first."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    to_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    response = models.TextField()
    response_html = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="idea_comments",
    )
    body = models.TextField()
    body_html = models.TextField(blank=True)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index("idea", "created_at", name="idea_comment_order")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on idea {self.idea_id}"


class IdeaFollow(models.Model):
    """A member follows an idea: status changes and comments reach them. Voting
    for an idea follows it too."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_follow_per_idea")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows idea {self.idea_id}"


class IdeaFlag(Report):
    """One member's report of an idea or of one of its comments."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="flags")
    comment = models.ForeignKey(
        IdeaComment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Report.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=Q(comment__isnull=True),
                name="one_flag_per_idea",
            ),
            models.UniqueConstraint(
                fields=["comment", "user"],
                condition=Q(comment__isnull=False),
                name="one_flag_per_idea_comment",
            ),
        ]
        indexes = [
            models.Index(
                "idea",
                "created_at",
                condition=Q(resolved_at__isnull=True),
                name="idea_flag_open",
            )
        ]

    def __str__(self) -> str:
        target = f"comment {self.comment_id}" if self.comment_id else "idea"
        return f"{self.get_reason_display()} flag on {target} of {self.idea_id}"
