"""A real OpenID Connect provider (oidc-provider-mock, a Flask app) on a loopback
port for the single sign-on tests, and the settings that point the site at it.

Import the fixtures into a test module (``from tests.sso import oidc_provider,
company_sso``) to use them."""

import copy
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import environ
import httpx
import pytest
from allauth.socialaccount.internal import statekit

from community.environment import sso_providers_from_env

PROVIDER_ID = "company"
PROVIDER_NAME = "Company account"
CLIENT_ID = "crowd-support"


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's base URL; one server for the whole session."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


def sso_settings(monkeypatch, **variables) -> tuple[dict, list]:
    """What community.settings makes of these environment variables."""
    for name in ("SSO_OIDC_PROVIDERS", "SSO_SAML_PROVIDERS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return sso_providers_from_env(environ.Env())


def configure(settings, monkeypatch, providers: list[dict]) -> None:
    provider_settings, buttons = sso_settings(
        monkeypatch, SSO_OIDC_PROVIDERS=json.dumps(providers)
    )
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings
    settings.SSO_PROVIDERS = buttons
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += [o for b in buttons for o in b["origins"]]
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.fixture
def company_sso(settings, monkeypatch, oidc_provider):
    """The site signs in through the real provider, and marks verified customers
    by the ``customer_status`` claim."""
    configure(
        settings,
        monkeypatch,
        [
            {
                "id": PROVIDER_ID,
                "name": PROVIDER_NAME,
                "server_url": oidc_provider,
                "client_id": CLIENT_ID,
                "secret": "test-secret",
                "order": 1,
            }
        ],
    )
    settings.SSO_VERIFIED_CUSTOMER_CLAIM = "customer_status"
    settings.SSO_VERIFIED_CUSTOMER_VALUES = ["active", "verified"]
    return oidc_provider


def set_identity(provider_url: str, sub: str, **claims) -> None:
    """What the provider says about ``sub`` from now on."""
    response = httpx.put(f"{provider_url}/users/{sub}", json=claims)
    response.raise_for_status()


def start_sign_in(client, *, process: str = "login") -> str:
    """Press the site's button; returns the provider's authorisation address."""
    url = f"/accounts/oidc/{PROVIDER_ID}/login/"
    response = client.post(url + (f"?process={process}" if process != "login" else ""))
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def answer_at_provider(authorize_url: str, *, sub: str | None, deny=False) -> str:
    """Consent (as ``sub``) or deny at the provider; returns the site's callback
    path with its query, as the browser would follow it."""
    form = {"action": "deny"} if deny else {"sub": sub}
    response = httpx.post(authorize_url, data=form)
    assert response.status_code == 302, response.text[:500]
    location = urlsplit(response.headers["location"])
    query = parse_qs(location.query)
    if "state" not in query:
        # The mock leaves the state off its access_denied answer; a provider must
        # return it (RFC 6749, 4.1.2.1), so add it as one would.
        query["state"] = parse_qs(urlsplit(authorize_url).query)["state"]
    return f"{location.path}?{urlencode(query, doseq=True)}"


def sign_in_through_provider(client, *, sub: str, process: str = "login"):
    """The whole round trip through the real provider; the site's last answer."""
    callback = answer_at_provider(start_sign_in(client, process=process), sub=sub)
    return client.get(callback)


def state_of(callback: str) -> str:
    return parse_qs(urlsplit(callback).query)["state"][0]


def age_pending_sign_ins(session, *, seconds: int) -> None:
    """Make the sign-ins waiting in ``session`` look ``seconds`` old."""
    states = session[statekit.STATES_SESSION_KEY]
    for state_id, (state, _, provider) in list(states.items()):
        states[state_id] = (state, time.time() - seconds, provider)
    session[statekit.STATES_SESSION_KEY] = states
    session.save()


def age_sign_ins_of_browser(context, *, seconds: int) -> None:
    """``age_pending_sign_ins`` for the session a Playwright context holds."""
    from importlib import import_module

    from django.conf import settings

    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    age_pending_sign_ins(session, seconds=seconds)
