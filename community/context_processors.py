from django.conf import settings

from forum.console import conf as console_conf


def site(request) -> dict:
    """Site-wide names every template may use: the site's address, and its name,
    logo, favicon and brand stylesheet as the settings area keeps them (from the
    cache: no query)."""
    return {**console_conf.branding(), "SITE_URL": settings.SITE_URL}
