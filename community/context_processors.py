from django.conf import settings

from community.theme import THEME_CHOICES, theme_for
from forum.console import conf as console_conf


def site(request) -> dict:
    """Site-wide names every template may use: the site's address, and its name,
    logo, favicon and brand stylesheet as the settings area keeps them (from the
    cache: no query); and the member's colour theme (from a cookie)."""
    return {
        **console_conf.branding(),
        "SITE_URL": settings.SITE_URL,
        "THEME": theme_for(request),
        "THEME_CHOICES": THEME_CHOICES,
    }
