"""The upload doorway for the composer, and the address pages use for files in a
private bucket (a redirect to a freshly signed URL: the file is never read here)."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.static import serve

from community.http import json_error
from forum import permissions
from forum.attachments import avatars, services, storage
from forum.attachments.models import Attachment
from forum.attachments.validation import UploadRefused
from forum.moderation.flood import RateLimited
from forum.moderation.views.common import refusal_json

AVATAR_KEY = re.compile(r"[A-Za-z0-9_-]{8,32}")


def upload_payload(attachment: Attachment) -> dict:
    """The JSON both doorways answer a stored upload with."""
    full, thumbnail = storage.file_urls(attachment)
    return {
        "key": attachment.key,
        "url": full,
        "thumbnail_url": thumbnail if attachment.is_image else None,
        "markdown": attachment.markdown,
        "name": attachment.name,
        "kind": attachment.kind,
        "size": attachment.size,
    }


def read_upload(uploaded) -> bytes:
    """At most one byte past the limit: enough to know a file is too large
    without holding all of an oversized one."""
    from forum.attachments import conf

    return uploaded.read(conf.max_bytes() + 1)


@require_POST
@login_required
def upload(request):
    """Store one file from the composer (multipart field ``file``)."""
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return json_error(_("Choose a file to upload."), code="no_file", status=400)
    try:
        attachment = services.create_upload(
            owner=request.user, name=uploaded.name or "", content=read_upload(uploaded)
        )
    except UploadRefused as refusal:
        return json_error(refusal.message, code=refusal.code, status=refusal.status)
    except RateLimited as limited:
        return refusal_json(limited)
    except PermissionDenied as denied:
        return json_error(str(denied), code="permission_denied", status=403)
    return JsonResponse(upload_payload(attachment), status=201)


@require_GET
def serve_signed(request, key: str):
    """302 to a signed URL for whoever may see the post; 404 for everyone else
    (a hidden post's files do not exist for the public)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("post__thread"), key=key
    )
    if not permissions.can_view_attachment(request.user, attachment):
        if not request.user.is_authenticated and attachment.post_id is None:
            return redirect_to_login(request.get_full_path())
        raise Http404
    wants_thumbnail = request.GET.get("size") == "thumbnail" and attachment.thumbnail
    field = attachment.thumbnail if wants_thumbnail else attachment.file
    response = HttpResponseRedirect(default_storage.url(field.name))
    response["Cache-Control"] = "private, no-store"
    return response


def serve_media_in_development(request, path: str):
    """Development only (never routed unless DEBUG): files from MEDIA_ROOT, with
    the same type and disposition the bucket gives them in production."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = storage.content_type_for(path)
    if not storage.served_inline(path):
        response["Content-Disposition"] = "attachment"
    return response


# --- Avatars ---------------------------------------------------------------------


@require_POST
@login_required
def change_avatar(request):
    """The picture form on the profile settings page (multipart field ``file``)."""
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a picture to upload."))
        return redirect("accounts:edit_profile")
    try:
        avatars.set_avatar(
            request.user,
            by=request.user,
            name=uploaded.name or "",
            content=read_upload(uploaded),
        )
    except (UploadRefused, RateLimited) as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your picture was saved."))
    return redirect("accounts:edit_profile")


@require_POST
@login_required
def remove_avatar(request):
    """Back to initials (PermissionDenied, a 403, for the suspended)."""
    avatars.remove_avatar(request.user, by=request.user)
    messages.success(request, _("Your picture was removed."))
    return redirect("accounts:edit_profile")


@require_GET
def serve_avatar(request, key: str, size: int):
    """Private bucket: 302 to a signed URL for a picture (pictures are as public as
    the names beside them). No query: a retired key's files are gone, so its
    signed URL finds nothing."""
    if size not in avatars.AVATAR_SIZES or not AVATAR_KEY.fullmatch(key):
        raise Http404
    response = HttpResponseRedirect(default_storage.url(avatars.avatar_path(key, size)))
    response["Cache-Control"] = "private, max-age=600"
    return response
