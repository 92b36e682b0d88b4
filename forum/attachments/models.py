import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_BYTES = 16


def new_key() -> str:
    """Unguessable: with public URLs the key is all that keeps a file unlisted."""
    return secrets.token_urlsafe(KEY_BYTES)


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    FILE = "file", _("File")


class Attachment(models.Model):
    """One uploaded file, referenced from Markdown as ``upload://<key>``. It belongs
    to its uploader until a post of theirs that references it is saved."""

    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attachments"
    )
    # Null until saved with a post; a post deleted outright leaves its files to the
    # purge of unattached uploads.
    post = models.ForeignKey(
        "forum.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(max_length=255)
    thumbnail = models.FileField(max_length=255, blank=True)
    # Files of hidden posts are moved away from their public address.
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The daily quota counts one member's recent uploads.
            models.Index(fields=["owner", "created_at"], name="attachment_quota_idx"),
            # The purge looks for old uploads no post took.
            models.Index(
                fields=["created_at"],
                condition=Q(post__isnull=True),
                name="attachment_unattached_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE

    @property
    def markdown(self) -> str:
        """The reference a composer inserts into the post."""
        label = self.name.replace("[", "(").replace("]", ")")
        prefix = "!" if self.is_image else ""
        return f"{prefix}[{label}](upload://{self.key})"
