"""Structured data for search engines, escaped like ``json_script``."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as django.utils.html.json_script: no "</script>" or "<!--" can
# close or confuse the block, whatever a post says.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data) -> str:
    """A ``<script type="application/ld+json">`` data block (not executed, so the
    Content-Security-Policy's ban on inline scripts is kept), or nothing."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = payload.translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308  # content escaped before marking safe  # nosec B308 B703
