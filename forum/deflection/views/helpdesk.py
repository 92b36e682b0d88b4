"""The endpoint through which the helpdesk reports tickets it opened for a journey."""

import json
import re
from datetime import UTC

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_aware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.http import json_error, json_field_errors
from forum.deflection.services.tickets import (
    TicketConflict,
    UnknownJourney,
    report_helpdesk_ticket,
)
from forum.permissions import is_helpdesk_request

JOURNEY_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
HELPDESK_ID_MAX_LENGTH = 100


def _parse(request) -> tuple[dict, dict]:
    """(clean values, field errors) of the JSON body."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return {}, {"body": "must be a JSON object"}
    if not isinstance(data, dict):
        return {}, {"body": "must be a JSON object"}
    errors, values = {}, {}
    journey_id = data.get("journey_id")
    if not isinstance(journey_id, str) or not JOURNEY_ID.match(journey_id):
        errors["journey_id"] = "must be the 22-character journey id"
    helpdesk_id = data.get("helpdesk_ticket_id")
    if isinstance(helpdesk_id, int) and not isinstance(helpdesk_id, bool):
        helpdesk_id = str(helpdesk_id)
    if not isinstance(helpdesk_id, str) or not 0 < len(helpdesk_id.strip()) <= 100:
        errors["helpdesk_ticket_id"] = "must be a non-empty string of at most 100"
    created_at = data.get("created_at")
    if created_at is not None:
        parsed = parse_datetime(created_at) if isinstance(created_at, str) else None
        if parsed is None or not is_aware(parsed):
            errors["created_at"] = "must be an ISO 8601 time with a UTC offset"
        created_at = parsed
    if not errors:
        values = {
            "journey_id": journey_id,
            "helpdesk_ticket_id": helpdesk_id.strip(),
            "created_at": created_at,
        }
    return values, errors


# Exempt from CSRF only because it is authenticated by a token in a header, never
# by cookies, so a cross-site form cannot use a visitor's credentials against it.
@csrf_exempt
@require_POST
def report_ticket(request):
    """Record a helpdesk ticket for a journey: 201 new, 200 replay, 4xx JSON errors."""
    if not is_helpdesk_request(request):
        response = json_error(
            "A valid `Authorization: Token ...` header is required.",
            code="not_authenticated",
            status=401,
        )
        response["WWW-Authenticate"] = "Token"
        return response
    values, errors = _parse(request)
    if errors:
        return json_field_errors(errors)
    try:
        ticket, created = report_helpdesk_ticket(**values)
    except UnknownJourney:
        return json_error("No journey has this id.", code="not_found", status=404)
    except TicketConflict:
        return json_error(
            "This helpdesk ticket is recorded for another journey.",
            code="conflict",
            status=409,
        )
    except ValidationError as error:
        return json_field_errors(error.message_dict)
    body = {
        "created": created,
        "ticket": {
            "reference": ticket.reference,
            "helpdesk_ticket_id": ticket.helpdesk_ticket_id,
            "journey_id": ticket.journey_id,
            "created_at": ticket.created_at.astimezone(UTC).isoformat(),
        },
    }
    return JsonResponse(body, status=201 if created else 200)
