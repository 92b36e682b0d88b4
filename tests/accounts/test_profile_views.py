import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_profile_shows_name_and_expert_titles(client, expert):
    response = client.get(reverse("accounts:profile", args=[expert.username]))

    assert response.status_code == 200
    body = response.content.decode()
    assert expert.name in body
    assert "NBN expert" in body


def test_profile_of_an_unknown_member_is_404(client):
    assert client.get(reverse("accounts:profile", args=["ghost"])).status_code == 404


def test_profile_of_a_deactivated_member_is_404(client, customer):
    User.objects.filter(pk=customer.pk).update(is_active=False)

    assert client.get(reverse("accounts:profile", args=["carla"])).status_code == 404


def test_member_edits_their_own_profile(client, customer):
    client.force_login(customer)

    response = client.post(
        reverse("accounts:edit_profile"),
        {"display_name": "Carla J.", "bio": "NBN since 2019."},
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.display_name == "Carla J."
    assert customer.bio == "NBN since 2019."


def test_an_over_long_display_name_is_a_form_error(client, customer):
    client.force_login(customer)

    response = client.post(
        reverse("accounts:edit_profile"), {"display_name": "x" * 61, "bio": ""}
    )

    assert response.status_code == 200
    assert "at most 60 characters" in response.content.decode()
    customer.refresh_from_db()
    assert customer.display_name == "Carla"


def test_editing_a_profile_needs_sign_in(client):
    response = client.get(reverse("accounts:edit_profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_page_query_count_is_bounded(
    client, expert, django_assert_max_num_queries
):
    # The member with certifications (2), their threads, replies and solutions (3),
    # their badges (1), the site settings on a cold cache (1).
    with django_assert_max_num_queries(7):
        client.get(reverse("accounts:profile", args=[expert.username]))
