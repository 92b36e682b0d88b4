import json
import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from community.js_strings import JS_STRINGS, js_strings

SCRIPTS = [
    Path(settings.BASE_DIR) / "static" / "js" / name
    for name in ("site.js", "composer.js")
]


def test_every_key_the_scripts_ask_for_has_a_translatable_string():
    asked = set()
    for script in SCRIPTS:
        asked |= set(re.findall(r'translated\("(\w+)"', script.read_text()))
    assert asked
    assert asked == set(JS_STRINGS)


def test_the_scripts_english_fallback_is_the_catalogue_english():
    for script in SCRIPTS:
        for key, english in re.findall(
            r'translated\("(\w+)",\s*"([^"]*)"', script.read_text()
        ):
            assert str(JS_STRINGS[key]) == english, key


def test_the_include_renders_the_strings_as_a_json_data_block():
    context = js_strings(RequestFactory().get("/"))
    with translation.override("en-au"):
        html = render_to_string("includes/js_strings.html", context)
    match = re.fullmatch(
        r'\s*<script id="js-strings" type="application/json">(.*)</script>\s*', html
    )
    assert match
    assert json.loads(match.group(1))["hidePreview"] == "Hide preview"
