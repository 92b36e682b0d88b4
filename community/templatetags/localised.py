"""Money and numbers as the reader's language writes them.

Django localises dates and plain numbers itself; currency needs the locale's symbol
position, spacing and digits, which Babel's CLDR data knows.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.core import UnknownLocaleError
from babel.numbers import UnknownCurrencyError, format_currency, format_decimal
from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


def _locale() -> str:
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


@register.filter
def money(amount, currency: str) -> str:
    """``{{ savings|money:"AUD" }}``: "$1,234.50" in English, "US$1,234.50" ..."""
    try:
        value = Decimal(str(amount))
        return format_currency(value, currency, locale=_locale())
    except (InvalidOperation, UnknownCurrencyError, UnknownLocaleError, ValueError):
        return f"{currency} {amount}"


@register.filter
def number(amount, digits: int = 0) -> str:
    """A number with the locale's grouping and decimal mark, ``digits`` decimals."""
    try:
        value = Decimal(str(amount))
        pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) > 0 else "")
        return format_decimal(value, format=pattern, locale=_locale())
    except (InvalidOperation, UnknownLocaleError, ValueError):
        return str(amount)
