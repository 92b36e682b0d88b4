"""Where attachment files live and how pages address them, through Django's storage
API only, so the local filesystem (development) and an S3-compatible bucket
(production) behave the same."""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from storages.backends.s3 import S3Storage

from forum.attachments import conf

# What each stored extension is served as. Our names always end in one of these:
# the extension is chosen from the sniffed content, never taken from the upload.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "log": "text/plain; charset=utf-8",
}
INLINE_EXTENSIONS = {"jpg", "png"}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type_for(name: str) -> str:
    return CONTENT_TYPES.get(_extension(name), "application/octet-stream")


def served_inline(name: str) -> bool:
    """Only our re-encoded images display in the browser; the rest download."""
    return _extension(name) in INLINE_EXTENSIONS


class MediaS3Storage(S3Storage):
    """S3 objects carry the type and disposition we chose, so the bucket serves a
    PDF or a log as a download with a safe type, whatever a browser would guess."""

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        parameters["ContentType"] = content_type_for(name)
        if not served_inline(name):
            parameters["ContentDisposition"] = "attachment"
        return parameters


def public_path(key: str, name: str, *, thumbnail: bool = False) -> str:
    folder = f"attachments/{key}/thumb" if thumbnail else f"attachments/{key}"
    return f"{folder}/{name}"


def hidden_path(key: str, name: str, *, thumbnail: bool = False) -> str:
    """A fresh random place: the old address stops answering, the new one is
    known to nobody outside the database."""
    suffix = "thumb/" if thumbnail else ""
    return f"hidden/{secrets.token_urlsafe(16)}/{key}/{suffix}{name}"


def save_file(path: str, content: bytes) -> str:
    """Store ``content`` exactly at ``path`` (never renamed); returns the name."""
    return default_storage.save(path, ContentFile(content))


def move_file(old_name: str, new_name: str) -> str:
    """Copy a stored file to a new name and delete the old (object stores have no
    rename); returns the new name."""
    if not old_name or old_name == new_name:
        return old_name
    with default_storage.open(old_name, "rb") as source:
        stored = default_storage.save(new_name, ContentFile(source.read()))
    default_storage.delete(old_name)
    return stored


def delete_files(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def file_urls(attachment) -> tuple[str, str]:
    """The full-size and thumbnail addresses a page links to: the storage's own
    (public bucket or development media), or our redirect view, which signs a
    fresh URL on each request (private bucket)."""
    if conf.signed_urls():
        full = reverse("attachments:serve", args=[attachment.key])
        return full, f"{full}?size=thumbnail" if attachment.thumbnail else full
    full = default_storage.url(attachment.file.name)
    if not attachment.thumbnail:
        return full, full
    return full, default_storage.url(attachment.thumbnail.name)
