"""Single sign-on in Chromium, through a real OpenID Connect provider running on
a loopback port (oidc-provider-mock): its own consent page is where the browser
signs in."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD, ThreadFactory, UserFactory
from tests.sso import PROVIDER_NAME, age_sign_ins_of_browser, set_identity

pytestmark = pytest.mark.django_db(transaction=True)

BUTTON = f"Sign in with {PROVIDER_NAME}"


def to_provider(page, start: str = "/accounts/login/") -> None:
    """From a page with the company button to the provider's consent page."""
    page.goto(start)
    page.get_by_role("link", name=BUTTON).click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()


def rewrite_provider_answer(page, change) -> None:
    """Change where the provider's consent answer sends the browser back to
    (Playwright routes see only the first request of a redirect chain)."""

    def handle(route):
        if route.request.method != "POST":
            route.continue_()
            return
        answer = route.fetch(max_redirects=0)
        route.fulfill(
            status=302, headers={"Location": change(answer.headers["location"])}
        )

    page.route(re.compile(r".*/oauth2/authorize.*"), handle)


def consent_as(page, sub: str) -> None:
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_first_sign_in_creates_a_member_marked_as_verified_customer(
    page, company_sso
):
    set_identity(
        company_sso,
        "tess",
        email="tess@example.com",
        email_verified=True,
        preferred_username="tess",
        customer_status="active",
    )

    to_provider(page)
    consent_as(page, "tess")

    expect(page.get_by_role("link", name="tess", exact=True)).to_be_visible()
    member = User.objects.get(email="tess@example.com")
    thread = ThreadFactory(author=member, title="Roaming in Japan")
    page.goto(thread.get_absolute_url())
    expect(page.locator(".post .badge-verified").first).to_have_text(
        "Verified customer"
    )
    page.goto(f"/u/{member.username}/")
    expect(page.locator(".profile .badge-verified")).to_be_visible()


def test_an_existing_member_connects_after_confirming_the_password(page, company_sso):
    member = UserFactory(username="uma", email="uma@example.com")
    set_identity(company_sso, "uma-at-work", email="uma@example.com")

    to_provider(page)
    consent_as(page, "uma-at-work")
    expect(
        page.get_by_role("heading", name="You already have an account")
    ).to_be_visible()
    assert not SocialAccount.objects.exists()

    page.get_by_role("link", name="Sign in to your account, then connect").click()
    page.locator("#id_login").fill("uma")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name=BUTTON).click()
    page.get_by_role("button", name="Continue").click()
    consent_as(page, "uma-at-work")

    expect(page.get_by_text(PROVIDER_NAME).first).to_be_visible()
    assert SocialAccount.objects.get(uid="uma-at-work").user == member


def test_denied_consent_ends_on_a_clear_page(page, company_sso):
    set_identity(company_sso, "vic", email="vic@example.com")
    to_provider(page)
    state = parse_qs(urlsplit(page.url).query)["state"][0]

    # The mock leaves the state off its access_denied answer; a provider must
    # return it (RFC 6749, 4.1.2.1).
    rewrite_provider_answer(
        page, lambda url: url if "state=" in url else f"{url}&state={state}"
    )
    page.get_by_role("button", name="Deny").click()

    expect(page.get_by_role("heading", name="Sign-in cancelled")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was changed")
    assert not User.objects.exists()


def test_a_tampered_state_ends_on_a_clear_page(page, company_sso):
    set_identity(company_sso, "wes", email="wes@example.com")
    to_provider(page)

    rewrite_provider_answer(
        page, lambda url: re.sub(r"state=[^&]+", "state=forged-state-value", url)
    )
    consent_as(page, "wes")

    expect(page.get_by_role("heading", name="Sign-in did not work")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("no longer valid")
    assert not User.objects.exists()


def test_an_expired_sign_in_ends_on_a_clear_page(page, company_sso):
    set_identity(company_sso, "xan", email="xan@example.com")
    to_provider(page)
    age_sign_ins_of_browser(page.context, seconds=3600)

    consent_as(page, "xan")

    expect(page.get_by_role("alert")).to_contain_text("no longer valid")
    assert not User.objects.exists()
