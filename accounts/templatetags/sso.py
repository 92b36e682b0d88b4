"""Single sign-on in templates: the buttons in their configured order, and whether
password sign-in is switched off."""

from django import template
from django.conf import settings

register = template.Library()

# Providers that are not the company's (Google, Facebook, ...) come after its own.
UNORDERED = 10_000


@register.simple_tag
def hides_password_form(request) -> bool:
    """In SSO-only mode the sign-in page offers no password form, except on the way
    to the admin (superusers keep their password)."""
    going_to_admin = request.GET.get("next", "").startswith("/admin/")
    return settings.SSO_ONLY and not going_to_admin


@register.filter
def in_button_order(providers) -> list:
    """allauth's providers sorted by the configured ``order`` of the company ones."""
    order = {p["id"]: p["order"] for p in settings.SSO_PROVIDERS}

    def position(provider) -> tuple[int, str]:
        app = getattr(provider, "app", None)
        provider_id = getattr(app, "provider_id", "") or provider.id
        return (order.get(provider_id, UNORDERED), str(provider.name))

    return sorted(providers, key=position)
