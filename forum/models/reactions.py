"""What members do with posts and threads: kudos, me too, follows."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.posts import Post
from forum.models.threads import Thread


class Kudos(models.Model):
    """One member's thanks for one post; never for one's own."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="kudos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_given"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("kudos")
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
        verbose_name = _("me too")
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
