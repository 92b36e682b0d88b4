"""SSO-only mode (SSO_ONLY): no local sign-up or password sign-in; the company's
providers are the way in, and the administrator's own sign-in still works."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from accounts.models import User
from tests.factories import UserFactory
from tests.sso import configure, set_identity, sign_in_through_provider, sso_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def sso_only(settings, company_sso):
    settings.SSO_ONLY = True
    return company_sso


@pytest.fixture
def member(db):
    user = UserFactory(username="pat", email="pat@example.com")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_password_sign_in_is_refused_with_a_reason(client, sso_only, member):
    response = client.post("/accounts/login/", {"login": "pat", "password": PASSWORD})

    assert response.status_code == 200
    assert "Password sign-in is switched off" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_the_sign_in_page_offers_only_the_company_button(client, sso_only):
    page = client.get("/accounts/login/").content.decode()

    assert 'name="password"' not in page
    assert "Sign in with Company account" in page


def test_local_sign_up_is_closed(client, sso_only):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "username": "newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert not User.objects.filter(username="newcomer").exists()
    assert "closed" in response.content.decode().lower()


def test_a_password_reset_is_refused(client, sso_only, member):
    response = client.post("/accounts/password/reset/", {"email": "pat@example.com"})

    assert "Password sign-in is switched off" in response.content.decode()
    assert mail.outbox == []


def test_the_company_sign_in_still_creates_members(client, sso_only):
    set_identity(sso_only, "quinn", email="quinn@example.com", email_verified=True)

    sign_in_through_provider(client, sub="quinn")

    assert User.objects.filter(email="quinn@example.com").exists()


def test_a_superuser_still_signs_in_to_the_admin_with_a_password(client, sso_only):
    # create_superuser verifies the address itself, as `createsuperuser` does.
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    assert EmailAddress.objects.filter(user=root, verified=True, primary=True).exists()
    sign_in_page = client.get("/admin/", follow=True)
    assert 'name="password"' in sign_in_page.content.decode()

    client.post(
        "/accounts/login/?next=/admin/", {"login": "root", "password": PASSWORD}
    )

    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_and_a_right_one_get_the_same_refusal(
    client, sso_only, member
):
    right = client.post("/accounts/login/", {"login": "pat", "password": PASSWORD})
    wrong = client.post("/accounts/login/", {"login": "pat", "password": "nope" * 3})

    assert right.context["form"].errors == wrong.context["form"].errors


def test_password_sign_in_works_when_sso_only_is_off(client, company_sso, member):
    client.post("/accounts/login/", {"login": "pat", "password": PASSWORD})

    assert client.get("/").context["user"] == member


# --- configuration -------------------------------------------------------------


def test_buttons_come_in_the_configured_order(client, settings, monkeypatch):
    configure(
        settings,
        monkeypatch,
        [
            {"id": "b", "name": "Second", "server_url": "http://idp-b.example",
             "client_id": "c", "secret": "s", "order": 2},
            {"id": "a", "name": "First", "server_url": "http://idp-a.example",
             "client_id": "c", "secret": "s", "order": 1},
        ],
    )  # fmt: skip

    for url in ("/accounts/login/", "/accounts/signup/"):
        page = client.get(url).content.decode()
        assert page.index("Sign in with First") < page.index("Sign in with Second")


def test_a_provider_lacking_a_setting_is_refused_at_start_up(monkeypatch):
    provider = {"id": "x", "name": "X", "server_url": "http://idp.example"}

    with pytest.raises(ImproperlyConfigured, match="lacks client_id, secret"):
        sso_settings(monkeypatch, SSO_OIDC_PROVIDERS=json.dumps([provider]))


def test_malformed_provider_json_is_refused_at_start_up(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="not valid JSON"):
        sso_settings(monkeypatch, SSO_OIDC_PROVIDERS="[{")


def test_saml_providers_need_the_idp_s_address_and_certificate(monkeypatch):
    provider = {"id": "corp", "name": "Corp", "idp_entity_id": "urn:corp"}

    with pytest.raises(ImproperlyConfigured, match="idp_sso_url and idp_x509cert"):
        sso_settings(monkeypatch, SSO_SAML_PROVIDERS=json.dumps([provider]))


def test_no_variables_configure_no_provider(monkeypatch):
    assert sso_settings(monkeypatch) == ({}, [])


def test_an_existing_account_is_connected_by_email_only(client, sso_only, member):
    set_identity(sso_only, "pat-at-work", email="pat@example.com")

    page = sign_in_through_provider(client, sub="pat-at-work").content.decode()

    assert "E-mail me a link to connect" in page
    assert "Sign in to your account, then connect" not in page
