import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def _check(value, depth: int = 0) -> None:
    """Refuse what the database cannot store or no client needs: very deep nesting,
    NUL characters and lone surrogates."""
    if depth > MAX_DEPTH:
        raise ParseError(
            _("JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}
        )
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("Text may not contain NUL characters."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(
                _("Text contains invalid Unicode (a lone surrogate).")
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class SafeJSONParser(JSONParser):
    """JSON that cannot crash the server: deep nesting is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON is nested too deeply.")) from None
        except (ValueError, json.JSONDecodeError) as error:
            raise ParseError(
                _("Malformed JSON: %(error)s") % {"error": error}
            ) from None
        _check(data)
        return data
