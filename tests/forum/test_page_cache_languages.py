"""Cached pages are kept per language: a page rendered for one language is never
served to a reader of another, and readers of the same language share it."""

import uuid

from django.utils import translation

from forum import caching


def remember_in(language: str, name: tuple, builds: list[str]) -> str:
    def build() -> str:
        builds.append(language)
        return f"page rendered in {language}"

    with translation.override(language):
        return caching.remember([caching.SITE], name, build, timeout=60)


def test_a_page_cached_in_english_is_rendered_afresh_for_a_chinese_reader(settings):
    settings.PAGE_CACHE_ENABLED = True
    name, builds = ("languages", uuid.uuid4().hex), []

    english = remember_in("en-au", name, builds)
    chinese = remember_in("zh-hans", name, builds)

    assert builds == ["en-au", "zh-hans"]
    assert chinese == "page rendered in zh-hans" != english


def test_readers_of_the_same_language_share_the_cached_page(settings):
    settings.PAGE_CACHE_ENABLED = True
    name, builds = ("languages", uuid.uuid4().hex), []

    first = remember_in("ar", name, builds)
    second = remember_in("ar", name, builds)

    assert builds == ["ar"]
    assert second == first == "page rendered in ar"
