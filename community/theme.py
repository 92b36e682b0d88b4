"""The member's colour theme: follow the system (the default), or always light or dark.

Kept in a cookie, not on the account, so that it works for visitors too and is known
before any database read. A page rendered for a visitor with a chosen theme is never
served from, or stored in, the shared page cache (forum.caching.is_plain_visitor)."""

from django.http import HttpRequest
from django.utils.translation import pgettext_lazy

THEME_COOKIE = "theme"
THEME_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
SYSTEM = "system"
# (value, label), in the order the switch shows them.
THEME_CHOICES = (
    ("system", pgettext_lazy("colour theme", "Follow system")),
    ("light", pgettext_lazy("colour theme", "Light")),
    ("dark", pgettext_lazy("colour theme", "Dark")),
)
THEMES = frozenset(value for value, _ in THEME_CHOICES)


def theme_for(request: HttpRequest | None) -> str:
    """The theme the request's cookie names; ``system`` for none or an unknown one."""
    if request is None:
        return SYSTEM
    chosen = request.COOKIES.get(THEME_COOKIE, SYSTEM)
    return chosen if chosen in THEMES else SYSTEM


def has_chosen_theme(request: HttpRequest) -> bool:
    """The visitor chose light or dark: their pages differ from everyone's."""
    return theme_for(request) != SYSTEM
