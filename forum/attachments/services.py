"""Storing uploads, attaching them to posts, hiding them with their posts, and
removing them (erasure, and the purge of uploads no post took)."""

import logging
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from forum import permissions
from forum.attachments import conf, storage
from forum.attachments.models import Attachment, new_key
from forum.attachments.validation import UploadRefused, check_upload
from forum.moderation import flood

logger = logging.getLogger(__name__)

UPLOAD_REFERENCE = re.compile(r"upload://([A-Za-z0-9_-]{8,32})")
UNATTACHED_LIFETIME = timedelta(days=1)


def referenced_keys(source: str) -> list[str]:
    """The upload keys a Markdown source references, in order, once each."""
    return list(dict.fromkeys(UPLOAD_REFERENCE.findall(source)))


@permissions.roles_from_database
def create_upload(*, owner: User, name: str, content: bytes) -> Attachment:
    """Validate and store one upload for ``owner``. Raises PermissionDenied,
    UploadRefused (with the HTTP status to answer) or RateLimited."""
    if not permissions.can_upload(owner):
        raise PermissionDenied(_("Sign in to upload files."))
    flood.check("upload", owner)
    _check_quota(owner)
    checked = check_upload(name=name, content=content)
    key = new_key()
    names = [storage.save_file(storage.public_path(key, checked.name), checked.content)]
    if checked.thumbnail is not None:
        thumbnail_path = storage.public_path(key, checked.name, thumbnail=True)
        names.append(storage.save_file(thumbnail_path, checked.thumbnail))
    try:
        return Attachment.objects.create(
            key=key,
            owner=owner,
            kind=checked.kind,
            name=checked.name,
            content_type=checked.content_type,
            size=len(checked.content),
            width=checked.width,
            height=checked.height,
            file=names[0],
            thumbnail=names[1] if len(names) > 1 else "",
        )
    except Exception:
        storage.delete_files(*names)  # no orphan files for a row that never was
        raise


def _check_quota(owner: User) -> None:
    quota = permissions.upload_quota(owner)
    since = timezone.now() - timedelta(days=1)
    used = Attachment.objects.filter(owner=owner, created_at__gte=since).count()
    if used >= quota:
        raise UploadRefused(
            ngettext(
                "You've reached your limit of %(count)s upload a day; try again later.",
                "You've reached your limit of %(count)s uploads a day; "
                "try again later.",
                quota,
            )
            % {"count": quota},
            code="quota_exceeded",
            status=429,
        )


def attachments_for_post(
    source: str, *, author: User, post_id: int | None = None
) -> list[Attachment]:
    """The author's uploads a post's source references that the post may take:
    free ones and those already its own. Raises ValidationError past
    ATTACHMENTS_PER_POST."""
    keys = referenced_keys(source)
    if not keys:
        return []
    taken = Q(post__isnull=True) | Q(post_id=post_id) if post_id else Q(post=None)
    # Locked, so two posts saved at once cannot both take the same upload.
    found = list(
        Attachment.objects.select_for_update()
        .filter(taken, key__in=keys, owner_id=author.pk)
        .order_by("pk")
    )
    if len(found) > conf.per_post():
        raise ValidationError(
            {
                "body": ngettext(
                    "A post can have at most %(limit)s attachment; this one has "
                    "%(count)s.",
                    "A post can have at most %(limit)s attachments; this one has "
                    "%(count)s.",
                    conf.per_post(),
                )
                % {"limit": conf.per_post(), "count": len(found)}
            },
            code="too_many_files",
        )
    return found


def attach_to_post(post, attachments: list[Attachment]) -> None:
    """Give the post its referenced uploads, and free the ones an edit removed
    (the purge takes them once nobody references them for a day)."""
    keep = [attachment.pk for attachment in attachments]
    Attachment.objects.filter(post=post).exclude(pk__in=keep).update(
        post=None, created_at=timezone.now()
    )
    if keep:
        Attachment.objects.filter(pk__in=keep).update(post=post)


def sync_visibility(post_ids) -> None:
    """After the transaction that hid or restored these posts commits, move their
    files out of (or back to) their public addresses."""
    post_ids = list(post_ids)
    transaction.on_commit(lambda: _move_files_of_posts(post_ids), robust=True)


def _move_files_of_posts(post_ids: list[int]) -> None:
    attachments = Attachment.objects.filter(post_id__in=post_ids).select_related(
        "post__thread"
    )
    for attachment in attachments:
        post = attachment.post
        should_hide = post.is_hidden or post.thread.is_hidden
        if should_hide != attachment.is_hidden:
            _move(attachment, hide=should_hide)


def _move(attachment: Attachment, *, hide: bool) -> None:
    path = storage.hidden_path if hide else storage.public_path
    attachment.file.name = storage.move_file(
        attachment.file.name, path(attachment.key, attachment.name)
    )
    if attachment.thumbnail:
        attachment.thumbnail.name = storage.move_file(
            attachment.thumbnail.name,
            path(attachment.key, attachment.name, thumbnail=True),
        )
    attachment.is_hidden = hide
    attachment.save(update_fields=["file", "thumbnail", "is_hidden"])


def delete_attachments(attachments) -> int:
    """Delete these rows now and their files once the transaction commits (a
    rollback must not leave rows pointing at nothing); returns how many."""
    rows = list(attachments)
    names = [name for a in rows for name in (a.file.name, a.thumbnail.name) if name]
    Attachment.objects.filter(pk__in=[a.pk for a in rows]).delete()
    transaction.on_commit(lambda: storage.delete_files(*names), robust=True)
    return len(rows)


def delete_member_files(user: User) -> int:
    """Erasure: every file the member uploaded goes; returns how many."""
    return delete_attachments(Attachment.objects.filter(owner=user))


@transaction.atomic
def purge_unattached_uploads(*, now=None) -> int:
    """Delete uploads that no post took within a day; returns how many."""
    cutoff = (now or timezone.now()) - UNATTACHED_LIFETIME
    stale = Attachment.objects.filter(post__isnull=True, created_at__lt=cutoff)
    purged = delete_attachments(stale)
    if purged:
        logger.info("Purged %s unattached uploads.", purged)
    return purged
