"""``{% icon "bell" %}``: an icon from the project's sprite, static/icons/icons.svg.

Icons are drawn, not emoji: an emoji shows as an empty box where no emoji font is
installed, and its colour ignores the theme. A decorative icon is hidden from assistive
technology (the text beside it says the same); one that stands alone gets a label."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "icons/icons.svg"
# Every <symbol> id in the sprite; a test keeps the two in step.
ICON_NAMES = frozenset(
    {
        "bell",
        "mail",
        "check-circle",
        "pin",
        "lock",
        "eye-off",
        "thumbs-up",
        "shield",
        "star",
        "search",
        "flag",
        "chart",
        "gear",
        "sun",
        "moon",
        "monitor",
    }
)


@register.simple_tag
def icon(name: str, label: str = "", css_class: str = "") -> str:
    """An inline ``<svg>`` using the sprite's symbol ``name``; labelled when ``label``
    is given, else ``aria-hidden``. Raises TemplateSyntaxError for an unknown name."""
    if name not in ICON_NAMES:
        raise template.TemplateSyntaxError(f"No icon named {name!r} in {SPRITE}.")
    href = f"{static(SPRITE)}#{name}"
    classes = f"icon icon-{name} {css_class}".strip()
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" focusable="false">'
            '<title>{}</title><use href="{}"></use></svg>',
            classes,
            label,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false">'
        '<use href="{}"></use></svg>',
        classes,
        href,
    )
