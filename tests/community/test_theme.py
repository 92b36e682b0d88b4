"""The colour theme: a cookie chosen without JavaScript, read onto <html>, kept out of
the shared page cache; and both palettes in site.css meet WCAG AA contrast."""

import re
from pathlib import Path

import pytest

from community.theme import THEME_COOKIE

pytestmark = pytest.mark.django_db

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def test_a_page_follows_the_system_theme_until_one_is_chosen(client):
    html = client.get("/").content.decode()

    assert '<html lang="en-au" dir="ltr" data-theme="system">' in html


def test_choosing_dark_without_javascript_sets_the_cookie_and_returns(client):
    response = client.post("/theme/", {"theme": "dark", "next": "/search/?q=nbn"})

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=nbn"
    cookie = response.cookies[THEME_COOKIE]
    assert cookie.value == "dark"
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60


def test_the_chosen_theme_is_put_on_the_page(client):
    client.cookies[THEME_COOKIE] = "dark"

    html = client.get("/").content.decode()

    assert '<html lang="en-au" dir="ltr" data-theme="dark">' in html
    assert 'value="dark" checked' in html


def test_an_unknown_theme_in_the_cookie_falls_back_to_the_system(client):
    client.cookies[THEME_COOKIE] = "<script>"

    html = client.get("/").content.decode()

    assert '<html lang="en-au" dir="ltr" data-theme="system">' in html


def test_an_unknown_theme_is_refused_with_a_message_and_no_cookie(client):
    response = client.post("/theme/", {"theme": "purple", "next": "/"})

    assert response.status_code == 400
    assert THEME_COOKIE not in response.cookies
    assert "Choose light, dark or follow system." in response.content.decode()


def test_the_theme_switch_never_returns_to_another_site(client):
    response = client.post(
        "/theme/", {"theme": "light", "next": "https://evil.example"}
    )

    assert response["Location"] == "/"


def test_the_footer_switch_without_javascript_opens_the_theme_page_preselected(client):
    response = client.get("/theme/", {"theme": "dark", "next": "/b/mobile/"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="radio" name="theme" value="dark" checked>' in html
    assert 'name="next" value="/b/mobile/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_visitor_with_a_chosen_theme_is_not_served_the_shared_page(client, board):
    everyone = client.get(board.get_absolute_url()).content.decode()
    client.cookies[THEME_COOKIE] = "dark"

    dark = client.get(board.get_absolute_url()).content.decode()

    assert 'data-theme="system"' in everyone
    assert 'data-theme="dark"' in dark


# --- Contrast of both palettes, read from site.css ---------------------------------


def _declarations(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", block))


def _block(css: str, selector: str) -> str:
    start = css.index(selector + " {") + len(selector) + 2
    return css[start : css.index("}", start)]


def palettes() -> dict[str, dict[str, str]]:
    css = SITE_CSS.read_text()
    light = _declarations(_block(css, ":root"))
    dark_chosen = _declarations(_block(css, ':root[data-theme="dark"]'))
    dark_system = _declarations(_block(css, ':root:not([data-theme="light"])'))
    assert dark_chosen == dark_system, "the two dark blocks must stay identical"
    return {"light": light, "dark": light | dark_chosen}


def resolve(palette: dict[str, str], value: str) -> str:
    while value.startswith("var("):
        value = palette[value[4:-1].strip()]
    return value


def luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted(
        (luminance(foreground), luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_function_matches_wcags_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


# Text (foreground) on a surface (background) where site.css puts it: 4.5 : 1 at least.
TEXT_PAIRS = [
    ("--ink", "--bg"),
    ("--ink", "--card"),
    ("--muted", "--bg"),
    ("--muted", "--card"),
    ("--a", "--bg"),
    ("--a", "--card"),
    ("--a", "--unread-bg"),
    ("--a", "--tint"),
    ("--ink", "--field-bg"),
    ("--ink", "--code-bg"),
    ("--ink", "--unread-bg"),
    ("--ink", "--pinned-bg"),
    ("--ink", "--preview-bg"),
    ("--ink", "--mark-bg"),
    ("--a", "--mark-bg"),
    ("--ink", "--badge-bg"),
    ("--ink", "--award-bg"),
    ("--ink", "--staff-panel"),
    ("--muted", "--unread-bg"),
    ("--muted", "--pinned-bg"),
    ("--brand-contrast", "--brand"),
    ("--brand", "--brand-contrast"),
    ("--on-strong", "--danger-strong"),
    ("--on-strong", "--danger-strong-hover"),
    ("--on-strong", "--ok-strong"),
    ("--on-strong", "--ok-strong-hover"),
    ("--focus-ink", "--focus"),
    ("--tint-ink", "--tint"),
    ("--ok", "--ok-bg"),
    ("--ok", "--card"),
    ("--warn", "--warn-bg"),
    ("--bad", "--bad-bg"),
    ("--bad", "--card"),
    ("--bad", "--bg"),
    ("--expert-ink", "--expert-bg"),
    ("--verified-ink", "--verified-bg"),
    ("--staff-ink", "--staff-bg"),
    ("--staff-ink", "--staff-panel"),
    ("--featured-ink", "--featured-bg"),
    ("--gold-ink", "--gold-bg"),
    ("--silver-ink", "--silver-bg"),
    ("--bronze-ink", "--bronze-bg"),
] + [("--on-strong", f"--avatar-{n}") for n in range(8)]
# Boundaries a control is found by (WCAG 1.4.11): 3 : 1 against what surrounds them.
UI_PAIRS = [("--field-border", "--field-bg"), ("--field-border", "--card")]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_in_both_themes_meets_wcag_aa(theme, foreground, background):
    palette = palettes()[theme]

    ratio = contrast(
        resolve(palette, palette[foreground]), resolve(palette, palette[background])
    )

    assert ratio >= 4.5, f"{theme}: {foreground} on {background} is {ratio:.2f} : 1"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), UI_PAIRS)
def test_control_borders_in_both_themes_meet_wcag_aa(theme, foreground, background):
    palette = palettes()[theme]

    ratio = contrast(
        resolve(palette, palette[foreground]), resolve(palette, palette[background])
    )

    assert ratio >= 3, f"{theme}: {foreground} on {background} is {ratio:.2f} : 1"


def test_the_dark_background_is_the_one_the_brand_settings_derive_links_against():
    assert palettes()["dark"]["--bg"] == "#15181c"
    assert palettes()["dark"]["--a"] == "var(--link-on-dark)"
