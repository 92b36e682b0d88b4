"""Posts and their revisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from forum import caching, limits
from forum.models.threads import Thread


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
