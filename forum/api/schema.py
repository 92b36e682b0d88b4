"""Document the error answers every operation can give, so the schema tells the
truth about 400/401/403/404/429 as well as success."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from forum.api.serializers import ErrorSerializer, StrictSerializer

ERROR = OpenApiResponse(ErrorSerializer, description="Error")


class CommunityAutoSchema(AutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if isinstance(serializer, StrictSerializer) and direction == "request":
            # Input serializers refuse fields they don't know, and the JSON parser
            # refuses NUL characters anywhere: the schema says both.
            schema["additionalProperties"] = False
            for field in schema.get("properties", {}).values():
                _no_nul(field.get("items", field))
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = self._get_response_for_code(ERROR, "400", direction=direction)
        # Every operation may meet a missing or invisible object (an id in the body
        # or the path), so 404 is documented everywhere.
        codes = ["400", "401", "403", "404", "429"]
        for code in codes:
            responses.setdefault(code, {**error, "description": _DESCRIPTIONS[code]})
        return responses


def _no_nul(field: dict) -> None:
    if field.get("type") == "string" and not {"format", "pattern", "enum"} & set(field):
        field["pattern"] = NO_NUL


NO_NUL = "^[^\\u0000]*$"

_DESCRIPTIONS = {
    "400": "Invalid input: `{detail, code}` or field errors.",
    "401": "Not signed in, or the token is unknown, expired or revoked.",
    "403": "Signed in but not allowed to do this.",
    "404": "No such object, or not visible to you.",
    "429": "Too many requests: slow down.",
}
