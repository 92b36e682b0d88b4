from django.conf import settings


def site(request) -> dict:
    """Site-wide names every template may use."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
