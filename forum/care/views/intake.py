"""The intake address connectors post to: ``POST /care/intake/<slug>/``.

Answers in JSON, always: 202 ``{"accepted": n, "duplicates": m}``, or an error
``{"error": ..., "field": ...}`` with 400 (what is wrong), 401 (unsigned or too
old), 404 (no such active connector), 413 (too big) or 429 (over the
connector's per-minute allowance, with Retry-After). Every refusal stores nothing.
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.http import body_exceeds
from forum.care.connectors import BadPayload, Unauthorized, implementation
from forum.care.models import Connector
from forum.care.services.intake import (
    IntakeRateLimited,
    accept_messages,
    check_intake_rate,
)

# Below Django's DATA_UPLOAD_MAX_MEMORY_SIZE, so the cap answers before Django does.
MAX_BODY_BYTES = 2_000_000


def _error(message: str, status: int, *, field: str = "", **headers) -> JsonResponse:
    body = {"error": message}
    if field:
        body["field"] = field
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


@csrf_exempt  # signed by the connector's secret instead (forum.care.connectors)
@require_POST
def intake(request, slug: str):
    connector = Connector.objects.filter(slug=slug, is_active=True).first()
    kind = implementation(connector) if connector else None
    if kind is None:
        return _error("No such intake address.", 404)
    if body_exceeds(request, MAX_BODY_BYTES):
        return _error(f"The body is over {MAX_BODY_BYTES} bytes.", 413)
    try:
        kind.verify(request)
    except Unauthorized as refusal:
        return _error(str(refusal), 401)
    # Counted once signed, so nobody without the secret uses up the allowance.
    try:
        check_intake_rate(connector)
    except IntakeRateLimited as limited:
        return _error(str(limited), 429, Retry_After=limited.retry_after)
    try:
        messages = kind.parse(request)
    except BadPayload as bad:
        return _error(bad.message, 400, field=bad.field)
    accepted, duplicates = accept_messages(connector, messages)
    return JsonResponse({"accepted": accepted, "duplicates": duplicates}, status=202)
