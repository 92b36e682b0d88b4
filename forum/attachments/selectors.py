"""What pages and the renderer read about attachments."""

from dataclasses import dataclass

from django.db.models import Q

from forum.attachments import conf, storage
from forum.attachments.models import Attachment


@dataclass(frozen=True)
class ResolvedUpload:
    """What the renderer needs to show one upload."""

    is_image: bool
    url: str
    thumbnail_url: str
    width: int | None
    height: int | None


def uploads_for_render(
    source: str, *, author, post_id: int | None = None
) -> dict[str, ResolvedUpload]:
    """The uploads a post's source may show, by key, in one query: the author's
    own, free or already this post's. Anybody else's key resolves to nothing."""
    from forum.attachments.services import referenced_keys

    keys = referenced_keys(source)
    if not keys or author is None or author.pk is None:
        return {}
    taken = Q(post__isnull=True) | Q(post_id=post_id) if post_id else Q(post=None)
    attachments = Attachment.objects.filter(taken, key__in=keys, owner_id=author.pk)
    return {attachment.key: resolve(attachment) for attachment in attachments}


def resolve(attachment: Attachment) -> ResolvedUpload:
    full, thumbnail = storage.file_urls(attachment)
    width, height = _thumbnail_size(attachment)
    return ResolvedUpload(
        is_image=attachment.is_image,
        url=full,
        thumbnail_url=thumbnail,
        width=width,
        height=height,
    )


def _thumbnail_size(attachment: Attachment) -> tuple[int | None, int | None]:
    """The shown size, so the page keeps its layout while the image loads."""
    if not attachment.width or not attachment.height:
        return None, None
    edge = conf.thumbnail_edge()
    scale = min(1.0, edge / max(attachment.width, attachment.height))
    return round(attachment.width * scale), round(attachment.height * scale)


def attachments_of_posts(post_ids) -> dict[int, list[Attachment]]:
    """Each post's attachments, in one query (the moderation queue shows them)."""
    grouped: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(post_id__in=list(post_ids)).order_by(
        "pk"
    ):
        grouped.setdefault(attachment.post_id, []).append(attachment)
    return grouped
