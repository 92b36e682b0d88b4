"""The helpdesk's doorway: it reports the tickets it opened, naming the journey (its
id, or the signed token the site sent with the ticket or a widget holds) or the
customer (e-mail address, SSO subject or account number, compared as keyed hashes).

``/api/v1/helpdesk/tickets/`` is the endpoint; the older ``/api/helpdesk/tickets/``
is the same view with its old answer, marked deprecated until it is removed.
"""

from datetime import UTC

from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_aware
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from community.http import error_body
from forum import permissions
from forum.api.serializers import ErrorSerializer, StrictSerializer
from forum.deflection.models import IdentityKind, TicketMatch
from forum.deflection.models.journeys import JOURNEY_ID_PATTERN
from forum.deflection.services import identities, journey_store
from forum.deflection.services.tickets import (
    Identity,
    TicketConflict,
    UnknownJourney,
    report_helpdesk_ticket,
)

HELPDESK_ID_MAX_LENGTH = 100
# A signed journey token is a few hundred characters; this leaves ample room.
JOURNEY_TOKEN_MAX_LENGTH = 4000
# Removal date of /api/helpdesk/tickets/, also in the README (API section).
LEGACY_SUNSET = "Wed, 30 Jun 2027 00:00:00 GMT"
# When /api/v1/helpdesk/tickets/ took over (RFC 9745: "@" and a Unix time).
LEGACY_DEPRECATED_SINCE = "@1796601600"  # 2026-12-07T00:00:00Z
NEW_PATH = "/api/v1/helpdesk/tickets/"


class HelpdeskTokenAuthentication(BaseAuthentication):
    """The helpdesk integration's token (HELPDESK_API_TOKEN), not a member's."""

    def authenticate(self, request):
        if permissions.is_helpdesk_request(request._request):
            return (None, "helpdesk")
        return None

    def authenticate_header(self, request) -> str:
        return "Token"


class IsHelpdesk(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth == "helpdesk"


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class HelpdeskIdField(serializers.Field):
    """The helpdesk's own ticket id: a string, or a whole number read as one."""

    default_error_messages = {
        # Lazy, so filled in by ``fail`` in the caller's language.
        "invalid": _("Send a non-empty string of at most {max_length}.")
    }

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str) or not 0 < len(data.strip()) <= (
            HELPDESK_ID_MAX_LENGTH
        ):
            self.fail("invalid", max_length=HELPDESK_ID_MAX_LENGTH)
        return data.strip()

    def to_representation(self, value):
        return value


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time with its UTC offset: a helpdesk's local time without one
    would be read in our time zone and could move a ticket across the window."""

    default_error_messages = {
        "naive": _("Give an ISO 8601 time with a UTC offset (or Z).")
    }

    def to_internal_value(self, value):
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is not None and not is_aware(parsed):
            self.fail("naive")
        return super().to_internal_value(value)


class CustomerSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=IdentityKind.choices)
    value = serializers.CharField(
        max_length=identities.MAX_VALUE_LENGTH,
        help_text="The e-mail address, SSO subject or account number.",
    )
    provider = serializers.CharField(
        required=False,
        max_length=identities.PROVIDER_MAX_LENGTH,
        help_text="With `sso` only: the SSO provider's id on this site.",
    )

    def to_internal_value(self, data):
        # Nested, it has no initial_data of its own for StrictSerializer to read.
        if isinstance(data, dict) and (unknown := set(data) - set(self.fields)):
            raise ValidationError(
                {name: [gettext("Unknown field.")] for name in sorted(unknown)}
            )
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        provider = attrs.get("provider", "")
        if provider and attrs["kind"] != IdentityKind.SSO:
            raise ValidationError({"provider": [gettext("Only with the kind `sso`.")]})
        try:
            digest = identities.identity_digest(
                attrs["kind"], attrs["value"], provider=provider
            )
        except identities.InvalidIdentity as error:
            raise ValidationError(
                {error.field: [gettext("Not valid: %(error)s.") % {"error": error}]}
            ) from None
        return Identity(kind=attrs["kind"], digest=digest)


class HelpdeskTicketSerializer(StrictSerializer):
    helpdesk_ticket_id = HelpdeskIdField()
    created_at = AwareDateTimeField(
        required=False, help_text="When the ticket was opened (default: now)."
    )
    journey_id = serializers.RegexField(
        JOURNEY_ID_PATTERN, required=False, help_text="The journey's 22-character id."
    )
    journey = serializers.CharField(
        required=False,
        max_length=JOURNEY_TOKEN_MAX_LENGTH,
        help_text="The signed journey token, instead of `journey_id`.",
    )
    customer = CustomerSerializer(
        required=False,
        help_text="The customer, when the helpdesk does not know the journey.",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        named = [
            name for name in ("journey_id", "journey", "customer") if name in attrs
        ]
        if len(named) != 1:
            raise ValidationError(
                gettext(
                    "Name the journey (`journey_id` or `journey`) or the `customer`: "
                    "exactly one of them."
                ),
                code="one_of",
            )
        if "journey" in attrs:
            try:
                attrs["journey_id"] = journey_store.journey_id_from_token(
                    attrs.pop("journey")
                )
            except journey_store.InvalidJourneyToken:
                raise ValidationError(
                    {"journey": [gettext("Unknown or forged journey token.")]}
                ) from None
        if "customer" in attrs:
            attrs["identity"] = attrs.pop("customer")
        return attrs


class HelpdeskTicketAnswerSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    reference = serializers.CharField()
    helpdesk_ticket_id = serializers.CharField()
    journey_id = serializers.CharField(
        allow_null=True, help_text="Null for a ticket matched by the customer."
    )
    match = serializers.ChoiceField(
        choices=TicketMatch.choices,
        help_text="How the ticket found its journeys: `journey`, `identity` or "
        "`unmatched` (the customer matched nobody, or no journey in the window).",
    )
    matched_journeys = serializers.IntegerField(
        help_text="How many journeys the ticket counts for."
    )


class HelpdeskTicketView(APIView):
    authentication_classes = [HelpdeskTokenAuthentication]
    permission_classes = [IsHelpdesk]

    @extend_schema(
        request=HelpdeskTicketSerializer,
        responses={
            201: HelpdeskTicketAnswerSerializer,
            200: HelpdeskTicketAnswerSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Bad input."),
            401: OpenApiResponse(ErrorSerializer, description="No or wrong token."),
            404: OpenApiResponse(ErrorSerializer, description="Unknown journey."),
            409: OpenApiResponse(
                ErrorSerializer,
                description="The helpdesk ticket id is recorded for another "
                "journey or customer.",
            ),
        },
    )
    def post(self, request):
        """The helpdesk reports a ticket it opened, for a journey or a customer
        (idempotent on its own ticket id; a replay answers 200)."""
        serializer = HelpdeskTicketSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            ticket, created = report_helpdesk_ticket(**serializer.validated_data)
        except UnknownJourney:
            raise NotFound(gettext("No journey has this id.")) from None
        except TicketConflict:
            return Response(
                error_body(
                    gettext(
                        "This helpdesk ticket is recorded for another journey or "
                        "customer."
                    ),
                    code="conflict",
                ),
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            self.answer(ticket, created),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def answer(self, ticket, created: bool) -> dict:
        return {
            "created": created,
            "reference": ticket.reference,
            "helpdesk_ticket_id": ticket.helpdesk_ticket_id,
            "journey_id": ticket.journey_id,
            "match": ticket.match,
            "matched_journeys": (
                int(ticket.journey_id is not None)
                if ticket.match != TicketMatch.IDENTITY
                else ticket.matched_journeys.count()
            ),
        }


@extend_schema(exclude=True)
class LegacyHelpdeskTicketView(HelpdeskTicketView):
    """``/api/helpdesk/tickets/``: the same endpoint with its first answer's shape,
    deprecated (RFC 9745 ``Deprecation``, RFC 8594 ``Sunset``) in favour of
    ``/api/v1/helpdesk/tickets/``."""

    def answer(self, ticket, created: bool) -> dict:
        return {
            "created": created,
            "ticket": {
                "reference": ticket.reference,
                "helpdesk_ticket_id": ticket.helpdesk_ticket_id,
                "journey_id": ticket.journey_id,
                "match": ticket.match,
                "created_at": ticket.created_at.astimezone(UTC).isoformat(),
            },
        }

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Deprecation"] = LEGACY_DEPRECATED_SINCE
        response["Sunset"] = LEGACY_SUNSET
        response["Link"] = f'<{NEW_PATH}>; rel="successor-version"'
        return response


class HelpdeskTokenScheme(OpenApiAuthenticationExtension):
    target_class = "forum.api.helpdesk.HelpdeskTokenAuthentication"
    name = "helpdeskToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "The helpdesk token: `Token <HELPDESK_API_TOKEN>`.",
        }
