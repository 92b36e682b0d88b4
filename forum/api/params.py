"""Query parameters read as strictly as the schema describes them: a value that is
not what the schema says is a 400 naming the parameter, never quietly a default."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def whole_number(raw: str, *, name: str) -> int:
    """A whole number from 1; raises ValidationError."""
    if raw.isascii() and raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise ValidationError({name: [_("A whole number from 1.")]})


def check_boolean(params, name: str) -> None:
    """``true`` or ``false`` when given; raises ValidationError."""
    if name in params and params[name] not in ("true", "false"):
        raise ValidationError({name: [_("`true` or `false`.")]})


def check_not_empty(params, *names: str) -> None:
    """Each of these, when given, holds a value (an empty date, number or choice is
    none of them); raises ValidationError."""
    empty = [name for name in names if name in params and params[name] == ""]
    if empty:
        raise ValidationError(
            {name: [_("Leave it out or give a value.")] for name in empty}
        )
