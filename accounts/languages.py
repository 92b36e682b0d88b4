"""Which language a member reads: their own choice, else the site's.

Pages follow the member's choice, then the browser's ``Accept-Language``
(``community.middleware.MemberLanguageMiddleware``). Mail and other work done away
from a request (jobs, commands) has no browser to ask, so it uses the member's
choice or the site's default, through ``in_language_of``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation


def offered_languages() -> dict[str, str]:
    """Language code -> its name in itself, as the switcher lists them."""
    return dict(settings.LANGUAGES)


def is_offered(code: str | None) -> bool:
    return bool(code) and code in offered_languages()


def language_for(member) -> str:
    """The member's chosen language, or the site's default for anyone else."""
    chosen = getattr(member, "language", "")
    return chosen if is_offered(chosen) else settings.LANGUAGE_CODE


def in_language_of(member) -> AbstractContextManager:
    """Render what is sent to ``member`` (mail, a live update) in their language."""
    return translation.override(language_for(member))
