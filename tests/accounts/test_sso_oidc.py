"""Signing in through a real OpenID Connect provider on a loopback port (the
Django test client plays the browser)."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from tests.sso import (  # noqa: F401  (fixtures)
    PROVIDER_ID,
    company_sso,
    oidc_provider,
    set_identity,
    sign_in_through_provider,
)

pytestmark = pytest.mark.django_db


def test_a_first_sign_in_creates_a_verified_customer(client, company_sso):
    set_identity(
        company_sso,
        "sub-ada",
        email="ada@example.com",
        email_verified=True,
        preferred_username="ada",
        customer_status="active",
    )

    response = sign_in_through_provider(client, sub="sub-ada")

    assert response.status_code == 302, response.content[:2000]
    member = User.objects.get(email="ada@example.com")
    assert member.is_verified_customer
    assert member.verified_customer_provider == PROVIDER_ID
    assert SocialAccount.objects.get(user=member).uid == "sub-ada"
