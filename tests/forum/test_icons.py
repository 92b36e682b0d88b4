"""The icon set: every name the {% icon %} tag knows is a symbol in the sprite, icons
are labelled or hidden from screen readers, and no template shows an emoji."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.template import Context, Template, TemplateSyntaxError

from forum.templatetags.icons import ICON_NAMES

PROJECT = Path(__file__).resolve().parents[2]
SPRITE = PROJECT / "static" / "icons" / "icons.svg"
SVG = "{http://www.w3.org/2000/svg}"


def render(source: str, **context) -> str:
    return Template("{% load icons %}" + source).render(Context(context))


def test_every_icon_name_is_a_symbol_in_the_sprite_and_back():
    sprite = ElementTree.parse(SPRITE)  # noqa: S314 (the project's own file)
    symbols = sprite.getroot().findall(f"{SVG}symbol")

    assert {symbol.get("id") for symbol in symbols} == ICON_NAMES
    assert all(symbol.get("viewBox") == "0 0 24 24" for symbol in symbols)


def test_a_decorative_icon_is_hidden_from_screen_readers():
    html = render('{% icon "bell" %}')

    assert html == (
        '<svg class="icon icon-bell" aria-hidden="true" focusable="false">'
        '<use href="/static/icons/icons.svg#bell"></use></svg>'
    )


def test_a_labelled_icon_is_an_image_with_its_label():
    html = render('{% icon "lock" label="Locked thread" %}')

    assert 'role="img" aria-label="Locked thread"' in html
    assert "<title>Locked thread</title>" in html
    assert "aria-hidden" not in html


def test_an_icon_label_is_escaped():
    html = render('{% icon "flag" label=text %}', text="<b>x</b>")

    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html


def test_an_unknown_icon_name_is_a_template_error_not_an_empty_box():
    with pytest.raises(TemplateSyntaxError, match="No icon named 'bel'"):
        render('{% icon "bel" %}')


# Pictographs, dingbats and emoji, written out or as character references.
EMOJI = re.compile(
    r"[\u2600-\u27bf\U0001f000-\U0001faff\u2b50\u2b55]|&#(?:1[0-9]{5}|9[7-9][0-9]{2}|1[0-1][0-9]{3});|&#x1f[0-9a-f]{3};",
    re.IGNORECASE,
)


@pytest.mark.parametrize("folder", ["templates", "static/js"])
def test_no_template_or_script_shows_an_emoji(folder):
    offenders = [
        f"{path.relative_to(PROJECT)}: {match.group(0)!r}"
        for path in (PROJECT / folder).rglob("*")
        if path.suffix in {".html", ".txt", ".js"}
        for match in EMOJI.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


@pytest.mark.django_db
def test_the_notification_bell_is_an_icon_inside_a_labelled_link(client, customer):
    client.force_login(customer)

    html = client.get("/").content.decode()

    bell = re.search(r'<a class="notifications-link"[^>]*>(.*?)</a>', html, re.S)
    assert 'aria-label="Notifications, 0 unread"' in bell.group(0)
    assert '<use href="/static/icons/icons.svg#bell">' in bell.group(1)
