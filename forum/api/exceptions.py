"""The API's errors in the site's one JSON error shape (``community.http``):
``{"detail": ..., "code": ...}`` or field errors ``{"field": ["message"]}``, with the
right status code."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from community.http import error_body
from forum.moderation.flood import RateLimited


def _translate(exc):
    if isinstance(exc, RateLimited):
        return exceptions.Throttled(wait=exc.retry_after, detail=exc.message)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(str(exc) or _("The request could not be read."))
    return exc


def exception_handler(exc, context):
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        response.data = error_body(
            str(response.data["detail"]),
            code=codes if isinstance(codes, str) else "error",
        )
    elif isinstance(response.data, list):
        response.data = error_body(" ".join(map(str, response.data)), code="invalid")
    return response
