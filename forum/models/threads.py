"""Threads and how they are queried."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from forum import caching, limits
from forum.models.boards import Board


class AcceptedAs(models.TextChoices):
    """The capacity in which someone accepted a solution."""

    ASKER = "asker", _("the asker")
    EXPERT = "expert", _("a certified expert")
    MODERATOR = "moderator", _("a moderator")


class ThreadQuerySet(models.QuerySet):
    def public(self):
        """What everyone may see: not hidden, and approved (search indexes this)."""
        return self.filter(is_hidden=False, is_approved=True)

    def solved(self):
        return self.filter(solution_post__isnull=False)

    def unsolved(self):
        return self.filter(solution_post__isnull=True)

    def unanswered(self):
        return self.filter(reply_count=0)

    def in_board(self, board):
        return self.filter(board=board)

    def update(self, **fields):
        # Cached pages show these threads (forum.caching); the signals don't see this.
        if not set(fields) <= caching.UNSHOWN_THREAD_FIELDS:
            caching.forget_threads_in(self)
            if "board" in fields or "board_id" in fields:
                board = fields.get("board", fields.get("board_id"))
                caching.forget_boards([getattr(board, "pk", board)])
        return super().update(**fields)


class Thread(models.Model):
    """A question or a discussion: a title, a first post, and replies."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    title = models.CharField(max_length=limits.TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=limits.SLUG_MAX_LENGTH, allow_unicode=False)
    tags = TaggableManager(blank=True)
    first_post = models.OneToOneField(
        "Post", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    # Mirrors the first post's approval: a question from a new account waits in the
    # moderation queue, seen only by its author and the board's moderators.
    is_approved = models.BooleanField(default=True)
    # Set while the thread is featured on the home page.
    featured_at = models.DateTimeField(null=True, blank=True)

    solution_post = models.OneToOneField(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solution_of",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_as = models.CharField(
        max_length=20, choices=AcceptedAs.choices, blank=True
    )

    # Counters, kept exact by forum.services with F() updates in the writing
    # transaction.
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    kudos_count = models.PositiveIntegerField(default=0)
    me_too_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The first reply by someone other than the asker.
    first_response_at = models.DateTimeField(null=True, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at"]
        indexes = [
            models.Index(
                "board",
                F("is_pinned").desc(),
                F("last_activity_at").desc(),
                condition=Q(is_hidden=False, is_approved=True),
                name="thread_board_activity",
            ),
            models.Index(
                "board",
                F("is_pinned").desc(),
                F("created_at").desc(),
                condition=Q(is_hidden=False, is_approved=True),
                name="thread_board_newest",
            ),
            models.Index(
                "board",
                F("is_pinned").desc(),
                F("kudos_count").desc(),
                condition=Q(is_hidden=False, is_approved=True),
                name="thread_board_kudos",
            ),
            models.Index(
                "board",
                F("last_activity_at").desc(),
                condition=Q(
                    is_hidden=False, is_approved=True, solution_post__isnull=False
                ),
                name="thread_board_solved",
            ),
            models.Index(
                "board",
                F("last_activity_at").desc(),
                condition=Q(is_hidden=False, is_approved=True, reply_count=0),
                name="thread_board_unanswered",
            ),
            models.Index(
                F("accepted_at").desc(),
                condition=Q(
                    is_hidden=False, is_approved=True, solution_post__isnull=False
                ),
                name="thread_recently_solved",
            ),
            models.Index(
                F("created_at").desc(),
                condition=Q(is_hidden=False, is_approved=True, reply_count=0),
                name="thread_unanswered",
            ),
            models.Index("author", F("created_at").desc(), name="thread_author"),
            models.Index(
                F("featured_at").desc(),
                condition=Q(featured_at__isnull=False),
                name="thread_featured",
            ),
            models.Index(
                "board",
                "created_at",
                condition=Q(
                    is_hidden=False, is_approved=True, first_response_at__isnull=True
                ),
                name="thread_awaiting_response",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "forum:thread", kwargs={"thread_id": self.pk, "slug": self.slug or "-"}
        )

    @property
    def is_solved(self) -> bool:
        return self.solution_post_id is not None

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def is_expert_verified(self) -> bool:
        return self.accepted_as in (AcceptedAs.EXPERT, AcceptedAs.MODERATOR)

    @property
    def first_response_seconds(self) -> int | None:
        if self.first_response_at is None:
            return None
        return int((self.first_response_at - self.created_at).total_seconds())
