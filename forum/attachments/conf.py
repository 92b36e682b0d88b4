"""The attachment knobs, read when used so tests and operators may change them."""

from django.conf import settings


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def max_pixels() -> int:
    return settings.ATTACHMENT_MAX_PIXELS


def max_edge() -> int:
    return settings.ATTACHMENT_IMAGE_MAX_EDGE


def thumbnail_edge() -> int:
    return settings.ATTACHMENT_THUMBNAIL_EDGE


def per_post() -> int:
    return settings.ATTACHMENTS_PER_POST


def daily_quota() -> int:
    return settings.ATTACHMENT_DAILY_QUOTA


def first_day_quota() -> int:
    return settings.ATTACHMENT_FIRST_DAY_QUOTA


def allowed_kinds() -> frozenset[str]:
    return frozenset(settings.ATTACHMENT_ALLOWED_KINDS)


def signed_urls() -> bool:
    """Private bucket: pages link to our redirect view, which signs a fresh URL."""
    return settings.ATTACHMENT_SIGNED_URLS
