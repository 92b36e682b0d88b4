import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")


def signup(client, **overrides):
    data = {
        "email": "new.customer@example.com",
        "username": "newcustomer",
        "password1": "plenty-long-passphrase",
        "password2": "plenty-long-passphrase",
    }
    data.update(overrides)
    return client.post(SIGNUP, data)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_sign_up_creates_an_unverified_account_and_sends_a_verification_link(client):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(username="newcustomer")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert confirmation_link(mail.outbox[0]).startswith(
        "https://community.example.com/accounts/confirm-email/"
    )


def test_an_unverified_account_cannot_sign_in(client):
    signup(client)
    client.logout()

    response = client.post(
        LOGIN, {"login": "newcustomer", "password": "plenty-long-passphrase"}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_verifying_the_email_signs_the_customer_in(client):
    signup(client)
    link = confirmation_link(mail.outbox[0]).replace(
        "https://community.example.com", ""
    )

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.customer@example.com").verified
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"password1": "password123", "password2": "password123"}, "too common"),
        ({"password2": "something-else-entirely"}, "same password"),
        ({"email": "not-an-email"}, "valid email"),
        ({"username": ""}, "required"),
    ],
)
def test_bad_sign_up_input_shows_form_errors_and_creates_nothing(
    client, overrides, message
):
    response = signup(client, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


def test_a_taken_username_creates_nothing_and_looks_like_any_sign_up(client, customer):
    fresh = signup(client.__class__(), email="fresh@example.com", username="fresh1")
    taken = signup(client, email="another@example.com", username=customer.username)

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email="another@example.com").count() == 0
    told = [m for m in mail.outbox if "another@example.com" in m.to]
    assert len(told) == 1
    assert "already taken" in told[0].body
    assert customer.username in told[0].body


def test_taken_username_and_taken_address_answer_alike(client, customer):
    other = User.objects.create_user("other1", "other@example.com", "x" * 12)
    by_name = signup(client.__class__(), email="new1@example.com", username="other1")
    by_address = signup(client.__class__(), email=other.email, username="brandnew")

    assert by_name.status_code == by_address.status_code == 302
    assert by_name["Location"] == by_address["Location"]
    page = client.__class__().get(by_name["Location"]).content.decode()
    assert "already exists" not in page


def test_a_taken_email_creates_nothing_and_does_not_reveal_the_account(
    client, customer
):
    fresh = signup(client.__class__(), email="fresh@example.com", username="fresh1")
    taken = signup(client, email=customer.email, username="someoneelse")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert not User.objects.filter(username="someoneelse").exists()
    assert any(customer.email in message.to for message in mail.outbox)


def test_sign_in_works_with_username_or_email(client, customer):
    for login in (customer.username, customer.email):
        client.logout()
        response = client.post(LOGIN, {"login": login, "password": PASSWORD})

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(customer.pk)


def test_wrong_password_and_unknown_user_look_the_same(client, customer):
    wrong = client.post(LOGIN, {"login": customer.username, "password": "nope-nope"})
    unknown = client.post(LOGIN, {"login": "nobody-here", "password": "nope-nope"})

    assert wrong.status_code == unknown.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        wrong.context["form"].non_field_errors()
        == unknown.context["form"].non_field_errors()
    )


def test_repeated_failed_sign_ins_are_rate_limited(client, customer):
    for _ in range(5):
        client.post(LOGIN, {"login": customer.username, "password": "wrong-pass"})

    response = client.post(LOGIN, {"login": customer.username, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_link_uses_the_configured_domain(client, customer):
    response = client.post(
        reverse("account_reset_password"),
        {"email": customer.email},
        HTTP_HOST="localhost",
    )

    assert response.status_code == 302
    assert (
        "https://community.example.com/accounts/password/reset/key/"
        in mail.outbox[0].body
    )
    assert "localhost" not in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_looks_the_same(client, customer):
    known = client.post(reverse("account_reset_password"), {"email": customer.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "x@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_admin_sign_in_goes_through_the_site_sign_in(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_admin_is_closed_to_customers(client, customer):
    client.force_login(customer)

    assert client.get("/admin/").status_code in (302, 403)
    assert client.get(reverse("admin:login")).status_code == 403


def test_admin_opens_for_administrators(client, administrator):
    client.force_login(administrator)

    assert client.get("/admin/").status_code == 200


def test_allauth_pages_use_the_site_layout(client):
    body = client.get(LOGIN).content.decode()

    assert 'class="site-header"' in body
    assert "Sign In" in body or "Sign in" in body
