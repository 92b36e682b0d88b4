from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from forum import caching, limits


class Category(models.Model):
    """A heading that groups boards on the home page."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class BoardKind(models.TextChoices):
    QUESTIONS = "questions", "Questions (threads can be solved)"
    DISCUSSION = "discussion", "Discussion"


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
        help_text="Only verified customers (marked by the company sign-in) and "
        "staff may ask or reply here; everyone may still read.",
    )
    # Denormalised for the home page; kept exact by forum.services.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:board", kwargs={"slug": self.slug})

    @property
    def is_questions(self) -> bool:
        return self.kind == BoardKind.QUESTIONS


class AcceptedAs(models.TextChoices):
    """The capacity in which someone accepted a solution."""

    ASKER = "asker", "the asker"
    EXPERT = "expert", "a certified expert"
    MODERATOR = "moderator", "a moderator"


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


class PostQuerySet(models.QuerySet):
    def public(self):
        """What everyone may see: not hidden, and approved (search indexes this)."""
        return self.filter(is_hidden=False, is_approved=True)

    def awaiting_approval(self):
        return self.filter(is_approved=False, is_hidden=False)

    def update(self, **fields):
        # Cached pages show these posts (forum.caching); the signals don't see this.
        caching.forget_threads_of_posts(self)
        if "thread" in fields or "thread_id" in fields:
            target = fields.get("thread", fields.get("thread_id"))
            caching.forget_threads_in(
                Thread.objects.filter(pk=getattr(target, "pk", target))
            )
        return super().update(**fields)


class Post(models.Model):
    """A question's first post or a reply: Markdown source and its sanitised HTML."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    body = models.TextField(max_length=limits.BODY_MAX_LENGTH)
    # Rendered once when saved, so reading a thread never runs Markdown.
    body_html = models.TextField(editable=False)
    is_hidden = models.BooleanField(default=False)
    # False while the post waits in the approval queue (see forum.moderation):
    # only its author and the board's moderators see it, and no counter includes it.
    is_approved = models.BooleanField(default=True)
    # Why the post was held for approval, shown to moderators in the queue.
    held_reason = models.CharField(max_length=200, blank=True)
    kudos_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index("thread", "created_at", "id", name="post_thread_order"),
            models.Index("author", F("created_at").desc(), name="post_author"),
            models.Index(
                "created_at",
                condition=Q(is_approved=False, is_hidden=False),
                name="post_awaiting_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", kwargs={"post_id": self.pk})

    @property
    def is_first(self) -> bool:
        return self.pk == self.thread.first_post_id


class PostRevision(models.Model):
    """A post's text as it was before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=limits.TITLE_MAX_LENGTH, blank=True)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Kudos(models.Model):
    """One member's thanks for one post; never for one's own."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="kudos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_given"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "kudos"
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_kudos_per_post")
        ]
        indexes = [models.Index("user", "post", name="kudos_user_post")]

    def __str__(self) -> str:
        return f"Kudos from {self.user_id} on post {self.post_id}"


class MeToo(models.Model):
    """A member's "I have this question too" on a question thread; one each."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="me_toos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "me too"
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="one_me_too_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Me too from {self.user_id} on thread {self.thread_id}"


class ThreadFollow(models.Model):
    """A member follows a thread to hear about replies and solutions."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_follows",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="one_follow_per_thread"
            )
        ]
        indexes = [models.Index("user", "thread", name="follow_user_thread")]

    def __str__(self) -> str:
        return f"{self.user_id} follows thread {self.thread_id}"
