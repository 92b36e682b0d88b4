"""Signing in through a real OpenID Connect provider on a loopback port (the
Django test client plays the browser; tests/browser/test_sso_journeys.py does the
same in Chromium)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client

from accounts.models import Role, User
from tests.factories import UserFactory
from tests.sso import (
    PROVIDER_ID,
    age_pending_sign_ins,
    answer_at_provider,
    set_identity,
    sign_in_through_provider,
    start_sign_in,
    state_of,
)

pytestmark = pytest.mark.django_db


def identity(provider, sub, **claims):
    claims.setdefault("email", f"{sub}@example.com")
    claims.setdefault("email_verified", True)
    set_identity(provider, sub, **claims)


def test_a_first_sign_in_creates_a_verified_customer(client, company_sso):
    identity(company_sso, "ada", preferred_username="ada", customer_status="active")

    response = sign_in_through_provider(client, sub="ada")

    assert response.status_code == 302
    member = User.objects.get(email="ada@example.com")
    assert member.is_verified_customer
    assert member.verified_customer_provider == PROVIDER_ID
    assert SocialAccount.objects.get(user=member).uid == "ada"
    assert client.get("/").context["user"] == member


def test_the_mark_is_cleared_when_the_claim_goes_away(client, company_sso):
    identity(company_sso, "bea", customer_status="verified")
    sign_in_through_provider(client, sub="bea")
    client.logout()
    identity(company_sso, "bea")

    sign_in_through_provider(client, sub="bea")

    member = User.objects.get(email="bea@example.com")
    assert not member.is_verified_customer
    assert member.verified_customer_provider == ""


def test_a_value_that_is_not_accepted_marks_nothing(client, company_sso):
    identity(company_sso, "cal", customer_status="closed")

    sign_in_through_provider(client, sub="cal")

    assert not User.objects.get(email="cal@example.com").is_verified_customer


def test_a_boolean_claim_marks_when_no_values_are_configured(
    client, company_sso, settings
):
    settings.SSO_VERIFIED_CUSTOMER_CLAIM = "is_customer"
    settings.SSO_VERIFIED_CUSTOMER_VALUES = []
    identity(company_sso, "dee", is_customer=True)

    sign_in_through_provider(client, sub="dee")

    assert User.objects.get(email="dee@example.com").is_verified_customer


def test_staff_claims_grant_nothing_by_default(client, company_sso):
    identity(company_sso, "eve", is_staff=True, is_superuser=True, roles=["admin"])

    sign_in_through_provider(client, sub="eve")

    member = User.objects.get(email="eve@example.com")
    assert (member.role, member.is_staff, member.is_superuser) == (
        Role.CUSTOMER,
        False,
        False,
    )


def test_the_opt_in_role_claim_grants_moderator_but_never_administrator(
    client, company_sso, settings
):
    settings.SSO_STAFF_ROLE_CLAIM = "roles"
    identity(company_sso, "fay", roles=["moderator", "administrator"])

    sign_in_through_provider(client, sub="fay")

    member = User.objects.get(email="fay@example.com")
    assert member.role == Role.MODERATOR
    assert not member.is_staff and not member.is_superuser


def test_an_address_of_another_account_is_not_connected(client, company_sso):
    owner = UserFactory(email="gil@example.com")
    identity(company_sso, "gil-at-work", email="gil@example.com")

    response = sign_in_through_provider(client, sub="gil-at-work")

    assert response.status_code == 409
    assert b"Sign in to your account, then connect" in response.content
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email__iexact="gil@example.com").count() == 1
    assert not client.get("/").context["user"].is_authenticated
    owner.refresh_from_db()
    assert not owner.is_verified_customer


def test_an_existing_member_connects_after_confirming_the_password(client, company_sso):
    member = UserFactory(email="hal@example.com", username="hal")
    member.set_password("a-long-enough-passphrase")
    member.save()
    identity(
        company_sso, "hal-at-work", email="hal@example.com", customer_status="active"
    )
    client.post(
        "/accounts/login/",
        {"login": "hal", "password": "a-long-enough-passphrase"},
    )

    response = sign_in_through_provider(client, sub="hal-at-work", process="connect")

    assert response.status_code == 302
    assert SocialAccount.objects.get(uid="hal-at-work").user == member
    member.refresh_from_db()
    assert member.is_verified_customer
    client.logout()
    sign_in_through_provider(client, sub="hal-at-work")
    assert client.get("/").context["user"] == member


def test_a_missing_email_claim_ends_on_a_clear_page(client, company_sso):
    set_identity(company_sso, "ivy")  # no e-mail claim at all

    response = sign_in_through_provider(client, sub="ivy")

    assert response.status_code == 400
    assert b"did not tell us your e-mail address" in response.content
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_denied_consent_ends_on_a_clear_page(client, company_sso):
    identity(company_sso, "jo")

    callback = answer_at_provider(start_sign_in(client), sub=None, deny=True)
    response = client.get(callback, follow=True)

    assert response.status_code == 200
    assert b"You declined to share your account" in response.content
    assert not User.objects.exists()


def test_a_tampered_state_is_refused(client, company_sso):
    identity(company_sso, "kim")
    callback = answer_at_provider(start_sign_in(client), sub="kim")
    state = state_of(callback)

    response = client.get(callback.replace(state, state[:-2] + "xx"))

    assert response.status_code == 401
    assert b"no longer valid" in response.content
    assert not User.objects.exists()


def test_a_replayed_callback_is_refused(client, company_sso):
    identity(company_sso, "lee")
    callback = answer_at_provider(start_sign_in(client), sub="lee")
    client.get(callback)
    client.logout()

    response = client.get(callback)

    assert b"no longer valid" in response.content
    assert not client.get("/").context["user"].is_authenticated


def test_an_expired_sign_in_is_refused(client, company_sso):
    identity(company_sso, "max")
    callback = answer_at_provider(start_sign_in(client), sub="max")
    age_pending_sign_ins(client.session, seconds=3600)

    response = client.get(callback)

    assert b"no longer valid" in response.content
    assert not User.objects.exists()


def test_an_id_token_from_another_issuer_is_refused(client, company_sso, settings):
    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["settings"]["openid_configuration_overrides"] = {
        "issuer": "https://impostor.example.com"
    }
    identity(company_sso, "ned")

    response = sign_in_through_provider(client, sub="ned")

    assert b"Sign-in did not work" in response.content
    assert not User.objects.exists()


def test_a_provider_that_is_down_ends_on_a_clear_page(client, company_sso, settings):
    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["settings"]["server_url"] = "http://127.0.0.1:9/down"

    response = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/")

    assert response.status_code == 502
    assert b"could not reach the company sign-in" in response.content
    assert not User.objects.exists()


def test_a_provider_email_is_trusted_as_verified(client, company_sso):
    identity(company_sso, "ola", email_verified=False)

    sign_in_through_provider(client, sub="ola")

    assert EmailAddress.objects.get(email="ola@example.com").verified


def arrive_with_anothers_address(client, provider, sub="yan"):
    UserFactory(username="yan", email="yan@example.com")
    identity(provider, sub, email="yan@example.com", customer_status="active")
    return sign_in_through_provider(client, sub=sub)


def mailed_link(outbox) -> str:
    return re.search(r"https://\S+(/sso/link/\S+/)", outbox[-1].body).group(1)


def test_an_existing_member_connects_by_confirming_the_email(client, company_sso):
    arrive_with_anothers_address(client, company_sso)
    client.post("/sso/link/")
    link = mailed_link(mail.outbox)
    assert mail.outbox[-1].to == ["yan@example.com"]

    response = client.post(link)

    assert response.status_code == 302
    member = User.objects.get(username="yan")
    assert SocialAccount.objects.get(uid="yan").user == member
    assert client.get("/").context["user"] == member
    member.refresh_from_db()
    assert member.is_verified_customer


def test_an_emailed_link_works_only_in_the_browser_that_asked(client, company_sso):
    arrive_with_anothers_address(client, company_sso)
    client.post("/sso/link/")

    response = Client().post(mailed_link(mail.outbox))

    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_a_forged_link_is_refused(client, company_sso):
    arrive_with_anothers_address(client, company_sso)

    response = client.post("/sso/link/forged-token/")

    assert response.status_code == 403
    assert b"expired or was opened in another browser" in response.content
    assert not SocialAccount.objects.exists()
