"""The knowledge base: official articles in categories, their workflow, versions
and readers' feedback.

An article is written (often from a solved thread), reviewed and published by
knowledge authors and reviewers (``forum.permissions.knowledge``). Published
articles are results in search and in deflection journeys exactly like threads.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from forum import limits


class ArticleCategory(models.Model):
    """A shelf of the knowledge base ("Mobile", "NBN & Internet"), ordered by
    ``position``. Categories are the knowledge base's own; an article also names
    the boards it applies to."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=limits.SLUG_MAX_LENGTH, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("article categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:category", args=[self.slug])


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What everyone may read and search finds."""
        return self.filter(state=ArticleState.PUBLISHED)


class Article(models.Model):
    """An official answer. Its current text lives on the row; every saved edit
    also writes an ``ArticleVersion``, so the history and its diffs are exact."""

    category = models.ForeignKey(
        ArticleCategory, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=limits.TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=limits.SLUG_MAX_LENGTH)
    summary = models.CharField(max_length=300, blank=True)
    # Markdown source and its sanitised HTML (the forum's renderer), as for posts.
    body = models.TextField()
    body_html = models.TextField(blank=True)
    tags = TaggableManager(blank=True)
    # The boards (products, subjects) the article applies to: board filters of
    # search and of the reports count the article in each.
    boards = models.ManyToManyField(
        "forum.Board", blank=True, related_name="knowledge_articles"
    )

    state = models.CharField(
        max_length=20, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_articles",
        help_text=_("Answers for the article: gets its feedback and review reminders."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A thread the article was made from (the thread then points to it), and
    # the member whose accepted answer it grew from, credited on the article.
    source_thread = models.OneToOneField(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_article",
    )
    credited_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credited_articles",
    )

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Set on publishing and by "mark as reviewed"; older than the site's review
    # interval, the article shows a "may be out of date" notice.
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Counters, kept exact with F() updates by the services.
    view_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    unhelpful_count = models.PositiveIntegerField(default=0)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                "category",
                F("published_at").desc(),
                condition=Q(state="published"),
                name="article_published_in_category",
            ),
            models.Index("state", F("updated_at").desc(), name="article_by_state"),
            models.Index("owner", "state", name="article_owner_state"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", args=[self.pk, self.slug])

    @property
    def is_published(self) -> bool:
        return self.state == ArticleState.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.state == ArticleState.ARCHIVED


class ArticleVersion(models.Model):
    """The article as one save left it; never changed afterwards."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=limits.TITLE_MAX_LENGTH)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    state = models.CharField(max_length=20, choices=ArticleState.choices)
    # What the author said about the change ("Updated the APN for 5G").
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="one_article_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleFeedback(models.Model):
    """A reader's "Was this article helpful?", with an optional comment that
    reaches the article's owner. One per member and article (a new answer
    replaces the old); anonymous readers' answers are kept per session."""

    COMMENT_MAX_LENGTH = 1000

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A salted hash of an anonymous reader's session (never the key itself).
    session_hash = models.CharField(max_length=64, blank=True)
    helpful = models.BooleanField()
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The owner read (or dealt with) the comment.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(user__isnull=False),
                name="one_article_feedback_per_member",
            ),
            models.UniqueConstraint(
                fields=["article", "session_hash"],
                condition=Q(user__isnull=True) & ~Q(session_hash=""),
                name="one_article_feedback_per_session",
            ),
        ]
        indexes = [
            models.Index("article", F("created_at").desc(), name="feedback_recent")
        ]

    def __str__(self) -> str:
        return f"{'helpful' if self.helpful else 'not helpful'} on {self.article_id}"


class ArticleFollow(models.Model):
    """A member follows an article to hear when it is updated."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_follows",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_follow_per_article"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows article {self.article_id}"
