"""Signing in through SAML 2.0: the site's real AuthnRequest, answered with an
Assertion signed with XML-DSig by a test identity provider (tests/saml_idp.py);
allauth and python3-saml check it as they would a real provider's."""

import datetime
import json

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from tests import saml_idp
from tests.sso import sso_settings

pytestmark = pytest.mark.django_db

SLUG = "corp"
ACS = f"http://testserver/accounts/saml/{SLUG}/acs/"
AUDIENCE = f"http://testserver/accounts/saml/{SLUG}/metadata/"


@pytest.fixture(scope="module")
def idp_keys():
    return saml_idp.make_key_and_certificate()


@pytest.fixture
def corp_saml(settings, monkeypatch, idp_keys, client):
    # python3-saml reads the Host header, which every browser sends.
    client.defaults["HTTP_HOST"] = "testserver"
    provider = {
        "id": SLUG,
        "name": "Corporate sign-in",
        "idp_entity_id": saml_idp.IDP_ENTITY_ID,
        "idp_sso_url": saml_idp.IDP_SSO_URL,
        "idp_x509cert": idp_keys[1],
        "attribute_mapping": {"uid": "uid", "email": "email"},
    }
    provider_settings, buttons = sso_settings(
        monkeypatch, SSO_SAML_PROVIDERS=json.dumps([provider])
    )
    # The test client's host, "testserver", has no dot.
    app = provider_settings["saml"]["APPS"][0]
    app["settings"]["advanced"]["allow_single_label_domains"] = True
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings
    settings.SSO_PROVIDERS = buttons
    settings.SSO_VERIFIED_CUSTOMER_CLAIM = "customer_status"
    settings.SSO_VERIFIED_CUSTOMER_VALUES = ["active"]
    return idp_keys


def start(client) -> str:
    response = client.post(f"/accounts/saml/{SLUG}/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(saml_idp.IDP_SSO_URL)
    return saml_idp.request_id(response["Location"])


def post_to_acs(client, saml_response: str):
    response = client.post(
        f"/accounts/saml/{SLUG}/acs/", {"SAMLResponse": saml_response}
    )
    assert response.status_code == 302
    return client.get(response["Location"])


def answer(keys, in_response_to, *, uid="u-1", **overrides):
    key, certificate = keys
    arguments = {
        "key": key,
        "certificate": certificate,
        "in_response_to": in_response_to,
        "acs_url": ACS,
        "audience": AUDIENCE,
        "name_id": uid,
        "attributes": {
            "uid": [uid],
            "email": [f"{uid}@example.com"],
            "customer_status": ["active"],
        },
    }
    return saml_idp.signed_response(**(arguments | overrides))


def test_a_signed_assertion_signs_in_a_verified_customer(client, corp_saml):
    response = post_to_acs(client, answer(corp_saml, start(client), uid="rae"))

    assert response.status_code == 302
    member = User.objects.get(email="rae@example.com")
    assert member.is_verified_customer
    assert member.verified_customer_provider == SLUG
    account = SocialAccount.objects.get(user=member)
    assert (account.provider, account.uid) == (SLUG, "rae")
    assert client.get("/").context["user"] == member


def test_an_unsigned_assertion_is_refused(client, corp_saml):
    response = post_to_acs(client, answer(corp_saml, start(client), sign=False))

    assert b"Sign-in did not work" in response.content
    assert not User.objects.exists()


def test_an_assertion_signed_by_another_key_is_refused(client, corp_saml):
    impostor = saml_idp.make_key_and_certificate()

    response = post_to_acs(client, answer(impostor, start(client)))

    assert b"Sign-in did not work" in response.content
    assert not User.objects.exists()


def test_an_assertion_for_another_audience_is_refused(client, corp_saml):
    saml_response = answer(corp_saml, start(client), audience="https://other.example")

    response = post_to_acs(client, saml_response)

    assert b"Sign-in did not work" in response.content
    assert not User.objects.exists()


def test_an_expired_assertion_is_refused(client, corp_saml):
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)

    response = post_to_acs(client, answer(corp_saml, start(client), issued=an_hour_ago))

    assert b"Sign-in did not work" in response.content
    assert not User.objects.exists()


def test_a_replayed_assertion_is_refused(client, corp_saml):
    saml_response = answer(corp_saml, start(client), uid="sam")
    post_to_acs(client, saml_response)
    client.logout()

    response = post_to_acs(client, saml_response)

    assert b"no longer valid" in response.content
    assert not client.get("/").context["user"].is_authenticated
    assert User.objects.count() == 1


def test_the_service_provider_metadata_names_our_acs(client, corp_saml):
    response = client.get(f"/accounts/saml/{SLUG}/metadata/")

    assert response.status_code == 200
    assert ACS.encode() in response.content
