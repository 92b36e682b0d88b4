"""Brand colours and the WCAG contrast rules they must pass before they are saved.

What is drawn with each colour decides what it must contrast with: the header and
primary buttons draw text on ``--brand`` (white, else near-black), and links are drawn
in ``--link`` on the light background and in ``--link-on-dark`` on the dark theme's.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Use a colour in the form #1a2b3c (six hex digits).")
)
# WCAG 2.x AA for body-size text.
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"
NEAR_BLACK = "#111418"
# The light theme's page and card backgrounds (static/css/site.css), where links are
# drawn; the darker of the two decides.
LIGHT_BACKGROUNDS = ("#ffffff", "#f6f8fa")
DARK_BACKGROUND = "#15181c"


def _channels(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = map(linear, _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21, whichever colour is lighter."""
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str | None:
    """White, else near-black: the first that reaches AA on ``background``, or None
    when neither does."""
    for text in (WHITE, NEAR_BLACK):
        if contrast_ratio(text, background) >= MINIMUM_CONTRAST:
            return text
    return None


def link_contrast_on_light(link: str) -> float:
    """The link colour's contrast on the light background it is least legible on."""
    return min(contrast_ratio(link, background) for background in LIGHT_BACKGROUNDS)


def _mix(colour: str, other: str, share: float) -> str:
    mixed = (
        round(a + (b - a) * share)
        for a, b in zip(_channels(colour), _channels(other), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def lighter_for_dark_background(link: str) -> str:
    """``link`` mixed with white, as little as reaches AA on the dark theme's
    background (white itself at worst), so links keep their hue in both themes."""
    for step in range(21):
        candidate = _mix(link, WHITE, step / 20)
        if contrast_ratio(candidate, DARK_BACKGROUND) >= MINIMUM_CONTRAST:
            return candidate
    return WHITE


def stylesheet(*, brand_colour: str, link_colour: str) -> str:
    """The brand stylesheet: the custom properties static/css/site.css draws with,
    for the colours that are set (site.css's defaults stand for the others)."""
    declarations = []
    if brand_colour:
        contrast = text_on(brand_colour) or WHITE
        declarations += [f"--brand: {brand_colour};", f"--brand-contrast: {contrast};"]
    if link_colour:
        on_dark = lighter_for_dark_background(link_colour)
        declarations += [f"--link: {link_colour};", f"--link-on-dark: {on_dark};"]
    return ":root {\n" + "".join(f"  {line}\n" for line in declarations) + "}\n"
