"""Which language a member reads: their own choice, else the site's.

Pages follow the language cookie, which holds the member's choice wherever they
signed in, then the browser's ``Accept-Language`` (``MemberLanguageMiddleware``).
Mail and other work done away from a request (jobs, commands) has no browser to
ask, so it uses the member's choice or the site's default, through
``in_language_of``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty


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


def set_member_language(member, code: str) -> None:
    """Keep ``code`` (one of the offered languages, or "" to follow the browser) as
    the member's language, for their pages and their mail."""
    if code and not is_offered(code):
        raise ValueError(f"{code!r} is not an offered language")
    if member.language != code:
        member.language = code
        member.save(update_fields=["language"])


class MemberLanguageMiddleware:
    """A member's chosen language follows them to every browser they sign in on.

    ``LocaleMiddleware`` picks the language from the language cookie, else
    ``Accept-Language``, without touching the database. Once a response was made
    with the member known (signing in, or any page that showed who they are), this
    puts their choice in that cookie, so their next page is in it. It never loads
    the member itself: a request that did not need them costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = request.__dict__.get("user")
        if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
            return response
        chosen = getattr(user, "language", "") if user and user.is_authenticated else ""
        cookie = settings.LANGUAGE_COOKIE_NAME
        if is_offered(chosen) and request.COOKIES.get(cookie) != chosen:
            set_language_cookie(response, chosen)
        return response


def set_language_cookie(response, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
