"""The site's one JSON error shape, DRF's: ``{"detail": "...", "code": "..."}``, or a
failed form's field errors, ``{"field": ["message", ...]}``. The API's exception
handler and every page or endpoint that answers a script in JSON build their errors
here, so a client reads one shape whichever doorway it used."""

from collections.abc import Mapping

from django.http import JsonResponse


def wants_json(request) -> bool:
    """Whether the page's own script sent this request and reads the answer as JSON."""
    return "application/json" in request.headers.get("Accept", "")


def error_body(detail: str, *, code: str) -> dict[str, str]:
    """The body of a JSON error: a sentence for people and a code for programs."""
    return {"detail": detail, "code": code}


def json_error(
    detail: str, *, code: str, status: int, retry_after: int | None = None
) -> JsonResponse:
    """A JSON error response; ``retry_after`` (seconds) adds the header a 429 or a
    503 owes its client."""
    response = JsonResponse(error_body(detail, code=code), status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def json_field_errors(
    errors: Mapping[str, str | list[str]], *, status: int = 400
) -> JsonResponse:
    """A failed form as DRF answers one: each field with its list of messages."""
    body = {
        field: [messages] if isinstance(messages, str) else list(messages)
        for field, messages in errors.items()
    }
    return JsonResponse(body, status=status)


def body_exceeds(request, limit: int) -> bool:
    """The request's body is, or says it is, longer than ``limit`` bytes: a webhook
    answers 413 before parsing what it would refuse anyway."""
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    return declared > limit or len(request.body) > limit
