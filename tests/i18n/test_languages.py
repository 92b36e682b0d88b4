"""Which language a page is in, how a visitor or member chooses it, and that cached
pages never cross from one language to another."""

import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from accounts.languages import MemberLanguageMiddleware, in_language_of, language_for
from tests.factories import BoardFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.parametrize(
    ("accept", "language", "direction"),
    [
        ("", "en-au", "ltr"),
        ("zh-CN,zh;q=0.9,en;q=0.5", "zh-hans", "ltr"),
        ("ar-SA,ar;q=0.9", "ar", "rtl"),
        ("xx-YY", "en-au", "ltr"),
        ("vi,fr;q=0.8", "en-au", "ltr"),
    ],
)
def test_a_visitor_s_browser_picks_the_language_or_english(
    client, accept, language, direction
):
    response = client.get("/", headers={"Accept-Language": accept})

    assert response.status_code == 200
    assert f'lang="{language}" dir="{direction}"' in html_tag(response)
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_the_language_cookie_wins_over_the_browser(client):
    client.cookies[COOKIE] = "ar"

    response = client.get("/", headers={"Accept-Language": "zh-CN"})

    assert 'lang="ar" dir="rtl"' in html_tag(response)


def test_an_unknown_language_in_the_cookie_falls_back_to_english(client):
    client.cookies[COOKIE] = "klingon"

    assert 'lang="en-au"' in html_tag(client.get("/"))


def test_the_footer_switch_asks_for_a_confirmation_it_can_post(client):
    page = client.get("/").content.decode()
    assert 'action="/language/" method="get"' in page

    response = client.get("/language/?language=zh-hans&next=/search/")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in body
    assert re.search(r'value="zh-hans" checked', body)


def test_choosing_a_language_keeps_it_in_a_cookie_and_returns(client):
    response = client.post("/language/", {"language": "zh-hans", "next": "/search/"})

    assert response.status_code == 302
    assert response["Location"] == "/search/"
    assert response.cookies[COOKIE].value == "zh-hans"
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    assert 'lang="zh-hans"' in html_tag(client.get("/"))


def test_the_switch_never_sends_anyone_off_the_site(client):
    response = client.post(
        "/language/", {"language": "ar", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


@pytest.mark.parametrize("chosen", ["", "xx", "en-us", "<script>"])
def test_a_language_not_offered_is_refused_and_nothing_changes(client, chosen):
    response = client.post("/language/", {"language": chosen, "next": "/"})

    assert response.status_code == 400
    assert "Choose one of the languages listed." in response.content.decode()
    assert COOKIE not in response.cookies


def test_a_member_s_choice_is_kept_on_the_account(client):
    member = UserFactory()
    client.force_login(member)

    client.post("/language/", {"language": "ar", "next": "/"})
    member.refresh_from_db()
    assert member.language == "ar"
    assert language_for(member) == "ar"

    response = client.post("/language/", {"language": "browser", "next": "/"})
    member.refresh_from_db()
    assert member.language == ""
    assert response.cookies[COOKIE].value == ""  # deleted
    assert language_for(member) == settings.LANGUAGE_CODE


def test_a_member_s_language_follows_them_to_another_browser(client):
    member = UserFactory(language="zh-hans")
    client.force_login(member)

    first = client.get("/", headers={"Accept-Language": "en"})
    # The page that showed who they are hands the browser their choice ...
    assert first.cookies[COOKIE].value == "zh-hans"
    # ... and the next page is in it.
    assert 'lang="zh-hans"' in html_tag(client.get("/"))


def test_a_response_that_never_needed_the_member_does_not_load_them(rf):
    loads = []
    request = rf.get("/robots.txt")
    request.user = SimpleLazyObject(lambda: loads.append(1) or UserFactory())
    middleware = MemberLanguageMiddleware(lambda request: HttpResponse("ok"))

    response = middleware(request)

    assert loads == []
    assert COOKIE not in response.cookies


def test_a_cached_visitor_page_is_never_served_in_another_language(client):
    thread = PostFactory(thread__board=BoardFactory()).thread
    url = thread.get_absolute_url()

    english = client.get(url, headers={"Accept-Language": "en"})
    chinese = client.get(url, headers={"Accept-Language": "zh-CN"})
    english_again = client.get(url, headers={"Accept-Language": "en"})
    arabic = client.get(url, headers={"Accept-Language": "ar"})

    assert 'lang="en-au"' in html_tag(english)
    assert 'lang="zh-hans"' in html_tag(chinese)
    assert english_again.content == english.content
    assert 'lang="ar" dir="rtl"' in html_tag(arabic)
    assert arabic["Content-Language"] == "ar"


def test_work_away_from_a_request_uses_the_member_s_language():
    member = UserFactory(language="ar")
    visitor_default = UserFactory(language="")

    with in_language_of(member):
        assert translation.get_language() == "ar"
        assert translation.get_language_bidi()
    with in_language_of(visitor_default):
        assert translation.get_language() == settings.LANGUAGE_CODE


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-au", "$1,234.50"), ("zh-hans", "AU$1,234.50"), ("ar", "AU$")],
)
def test_money_is_written_the_reader_s_way(language, expected):
    template = Template("{% load localised %}{{ amount|money:'AUD' }}")

    with translation.override(language):
        rendered = template.render(Context({"amount": 1234.5}))

    assert expected in rendered
    if language == "ar":
        assert rendered.index("1,234.50") < rendered.index("AU$")


def test_money_that_is_not_a_number_is_shown_as_it_came():
    template = Template("{% load localised %}{{ amount|money:'AUD' }}")

    assert template.render(Context({"amount": "n/a"})) == "AUD n/a"
