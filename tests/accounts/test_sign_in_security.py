"""Sign-in lockout per account, and the first administrator's way into /admin/."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
LOCKED = "Too many failed login attempts"


def sign_in(client, login, password):
    return client.post(LOGIN, {"login": login, "password": password})


def test_failures_by_username_and_by_email_count_against_one_account(client, customer):
    for n in range(5):
        login = customer.username if n % 2 else customer.email
        sign_in(client, login, "wrong-pass")

    by_name = sign_in(client, customer.username, PASSWORD)
    by_address = sign_in(client, customer.email.upper(), PASSWORD)

    assert LOCKED in by_name.content.decode()
    assert LOCKED in by_address.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_username_locked_out_cannot_sign_in_by_email(client, customer):
    for _ in range(5):
        sign_in(client, customer.username, "wrong-pass")

    response = sign_in(client, customer.email, PASSWORD)

    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_account_is_not_locked_by_their_failures(client, customer):
    other = User.objects.create_user("bystander", "bystander@example.com", PASSWORD)
    EmailAddress.objects.create(
        user=other, email=other.email, verified=True, primary=True
    )
    for _ in range(4):
        sign_in(client, customer.username, "wrong-pass")

    sign_in(client, other.email, PASSWORD)

    assert client.session["_auth_user_id"] == str(other.pk)


def test_unknown_logins_are_still_limited_per_text(client, db):
    for _ in range(5):
        sign_in(client, "nobody@example.com", "wrong-pass")

    response = sign_in(client, "nobody@example.com", "wrong-pass")

    assert LOCKED in response.content.decode()


def test_createsuperuser_accounts_can_sign_in_and_use_the_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase")
    call_command(
        "createsuperuser",
        interactive=False,
        username="root",
        email="Root@Example.com",
        verbosity=0,
    )

    sign_in(client, "root", "a-long-admin-passphrase")

    assert client.session["_auth_user_id"] == str(User.objects.get().pk)
    assert client.get("/admin/").status_code == 200
    address = EmailAddress.objects.get()
    assert (address.email, address.verified, address.primary) == (
        "root@example.com",
        True,
        True,
    )


def test_existing_superusers_are_verified_by_the_command(client, db):
    admin = User.objects.create_user(
        "old-admin", "old@example.com", PASSWORD, is_staff=True, is_superuser=True
    )
    EmailAddress.objects.create(user=admin, email=admin.email, verified=False)

    call_command("verify_superuser_emails", verbosity=0)

    assert EmailAddress.objects.get(user=admin).verified
    sign_in(client, admin.email, PASSWORD)
    assert client.get("/admin/").status_code == 200
