from django.conf import settings

from community.theme import THEME_CHOICES, theme_for


def site(request) -> dict:
    """Site-wide names every template may use, and the member's colour theme."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "THEME": theme_for(request),
        "THEME_CHOICES": THEME_CHOICES,
    }
