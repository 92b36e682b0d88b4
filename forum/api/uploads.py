"""Uploads through the API: the same service and the same answer as the composer's
``POST /uploads/``."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from forum.api.serializers import ErrorSerializer
from forum.attachments import avatars, services
from forum.attachments.validation import UploadRefused
from forum.attachments.views import read_upload, upload_payload
from forum.moderation.flood import RateLimited


class UploadRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The image, PDF or text log.")


class UploadSerializer(serializers.Serializer):
    key = serializers.CharField()
    url = serializers.CharField(help_text="The full-size file.")
    thumbnail_url = serializers.CharField(allow_null=True)
    markdown = serializers.CharField(help_text="The reference to put in a post.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["image", "file"])
    size = serializers.IntegerField()


class Refused(exceptions.APIException):
    """An upload refusal keeps its own status (400, 413, 429) and code."""

    def __init__(self, refusal: UploadRefused):
        self.status_code = refusal.status
        super().__init__(detail=refusal.message, code=refusal.code)


def run_upload_service(call):
    """Call an upload service, turning its refusals into API errors."""
    try:
        return call()
    except UploadRefused as refusal:
        raise Refused(refusal) from None
    except RateLimited as limited:
        raise exceptions.Throttled(
            wait=limited.retry_after, detail=limited.message, code="throttled"
        ) from None
    except PermissionDenied as denied:
        raise exceptions.PermissionDenied(str(denied)) from None


def uploaded_file(request):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise Refused(UploadRefused(_("Choose a file to upload."), code="no_file"))
    return uploaded


# What any file upload may answer besides the refusals every endpoint documents.
FILE_ERRORS = {
    413: OpenApiResponse(ErrorSerializer, description="The file is too large."),
    415: OpenApiResponse(
        ErrorSerializer, description="The body is not multipart/form-data."
    ),
}


class UploadView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload an image or file for a post",
        request={"multipart/form-data": UploadRequestSerializer},
        responses={
            201: UploadSerializer,
            **FILE_ERRORS,
        },
    )
    def post(self, request):
        """Validate and store one file (multipart field ``file``); put the answer's
        ``markdown`` in a post to attach it. Over the daily quota: 429."""
        uploaded = uploaded_file(request)
        attachment = run_upload_service(
            lambda: services.create_upload(
                owner=request.user,
                name=uploaded.name or "",
                content=read_upload(uploaded),
            )
        )
        return Response(upload_payload(attachment), status=status.HTTP_201_CREATED)


class AvatarSerializer(serializers.Serializer):
    avatar_urls = serializers.DictField(
        child=serializers.CharField(),
        help_text="The picture's address by size in pixels (48, 96, 256).",
    )


class AvatarView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Set your profile picture",
        request={"multipart/form-data": UploadRequestSerializer},
        responses={
            200: AvatarSerializer,
            **FILE_ERRORS,
        },
    )
    def put(self, request):
        """Validate an image (multipart field ``file``), crop it square and store it
        in each size; the old picture goes."""
        uploaded = uploaded_file(request)
        member = run_upload_service(
            lambda: avatars.set_avatar(
                request.user,
                by=request.user,
                name=uploaded.name or "",
                content=read_upload(uploaded),
            )
        )
        return Response({"avatar_urls": avatars.avatar_urls(member)})

    @extend_schema(
        summary="Remove your profile picture", request=None, responses={204: None}
    )
    def delete(self, request):
        """Back to initials."""
        run_upload_service(lambda: avatars.remove_avatar(request.user, by=request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
