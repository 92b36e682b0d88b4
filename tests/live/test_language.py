"""Live fragments speak the viewer's language."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from forum.live.rendering import in_viewers_language, page_language
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("ar", "ar"),
        ("zh-hans", "zh-hans"),
        ("xx", "en-au"),
        ("", "en-au"),
        (None, "en-au"),
    ],
)
def test_only_languages_the_site_offers_are_taken_from_the_page(requested, expected):
    assert page_language(requested) == expected


@pytest.mark.django_db
def test_a_members_chosen_language_wins_over_the_pages():
    member = UserFactory(language="ar")
    with in_viewers_language(member, "zh-hans"):
        assert translation.get_language() == "ar"


@pytest.mark.django_db
def test_a_member_who_lets_the_browser_choose_gets_the_pages_language():
    member = UserFactory(language="")
    with in_viewers_language(member, "zh-hans"):
        assert translation.get_language() == "zh-hans"


def test_a_visitor_gets_the_pages_language():
    with in_viewers_language(AnonymousUser(), "ar"):
        assert translation.get_language() == "ar"
