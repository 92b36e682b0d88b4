"""Members' pictures: validated like any uploaded image, cropped square and stored
in a few sizes under a fresh key, so a changed picture never shows stale copies."""

import io

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from accounts.models import User
from forum import permissions
from forum.attachments import conf, storage
from forum.attachments.models import new_key
from forum.attachments.validation import UploadRefused, check_upload, encode_image
from forum.moderation import flood

AVATAR_SIZES = (48, 96, 256)
# Transparent pictures are laid on white: one format (JPEG) for every avatar keeps
# its address derivable from the key alone.
BACKGROUND = (255, 255, 255)


def avatar_path(key: str, size: int) -> str:
    return f"avatars/{key}/{size}.jpg"


def avatar_url(member: User, size: int) -> str:
    """The address of a member's picture at one of AVATAR_SIZES ("" for none),
    from the field already loaded with the member: no query."""
    if not member.avatar_key:
        return ""
    if conf.signed_urls():
        return reverse("attachments:avatar", args=[member.avatar_key, size])
    return default_storage.url(avatar_path(member.avatar_key, size))


def avatar_urls(member: User) -> dict[str, str] | None:
    """Every size's address by size in pixels, or None without a picture."""
    if not member.avatar_key:
        return None
    return {str(size): avatar_url(member, size) for size in AVATAR_SIZES}


def square_versions(content: bytes) -> dict[int, bytes]:
    """Centre-cropped squares of an already checked and re-encoded image."""
    with Image.open(io.BytesIO(content)) as image:
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, BACKGROUND)
        flat.paste(image, mask=image.getchannel("A"))
    return {
        size: encode_image(
            ImageOps.fit(flat, (size, size), Image.Resampling.LANCZOS), "JPEG"
        )
        for size in AVATAR_SIZES
    }


@transaction.atomic
@permissions.roles_from_database
def set_avatar(member: User, *, by: User, name: str, content: bytes) -> User:
    """Store a new picture for ``member`` and retire the old one. Raises
    PermissionDenied, UploadRefused or RateLimited."""
    if not permissions.can_change_avatar(by, member) or by.pk != member.pk:
        raise PermissionDenied(_("You can only change your own picture."))
    flood.check("upload", by)
    checked = check_upload(name=name, content=content)
    if checked.kind != "image":
        raise UploadRefused(
            _("A profile picture must be an image (PNG, JPEG, GIF or WebP)."),
            code="unsupported_type",
        )
    key = new_key()
    for size, data in square_versions(checked.content).items():
        storage.save_file(avatar_path(key, size), data)
    return _replace_key(member, key)


@transaction.atomic
@permissions.roles_from_database
def remove_avatar(member: User, *, by: User) -> User:
    """Back to initials; the stored picture goes. Raises PermissionDenied."""
    if not permissions.can_change_avatar(by, member):
        raise PermissionDenied(_("You can't change this member's picture."))
    return _replace_key(member, "")


def _replace_key(member: User, key: str) -> User:
    member = User.objects.select_for_update().get(pk=member.pk)
    old_key = member.avatar_key
    member.avatar_key = key
    member.save(update_fields=["avatar_key"])
    if old_key:
        old_names = [avatar_path(old_key, size) for size in AVATAR_SIZES]
        transaction.on_commit(lambda: storage.delete_files(*old_names), robust=True)
    return member


def delete_avatar_files(member: User) -> None:
    """Erasure: the picture goes with the person (the caller saves the member)."""
    if member.avatar_key:
        old_names = [avatar_path(member.avatar_key, size) for size in AVATAR_SIZES]
        transaction.on_commit(lambda: storage.delete_files(*old_names), robust=True)
        member.avatar_key = ""
