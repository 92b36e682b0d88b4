"""Verified customers: the claim that marks them, the mark on posts and profiles
(and in cached pages), and boards for verified customers only."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import sso
from accounts.data_rights import delete_member_account
from accounts.models import Role
from forum import permissions, services
from forum.moderation.models import AuditAction, AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MARK = "Verified customer"


@pytest.fixture
def company(settings):
    settings.SSO_PROVIDERS = [{"id": "company", "name": "Company", "order": 1}]
    settings.SSO_VERIFIED_CUSTOMER_CLAIM = "customer_status"
    settings.SSO_VERIFIED_CUSTOMER_VALUES = ["active", "verified"]


def signed_in(user, *, provider="company", **claims):
    account, _ = SocialAccount.objects.update_or_create(
        user=user,
        provider=provider,
        defaults={"uid": f"uid-{user.pk}", "extra_data": {"userinfo": claims}},
    )
    return sso.record_sso_sign_in(user, account=account)


def test_saml_attributes_and_oidc_claims_read_alike():
    saml = SocialAccount(extra_data={"customer_status": ["Active"]})
    oidc = SocialAccount(
        extra_data={"userinfo": {"a": 1}, "id_token": {"customer_status": True}}
    )

    assert sso.claims_of(saml) == {"customer_status": ["Active"]}
    assert sso.claims_of(oidc) == {"a": ["1"], "customer_status": ["true"]}


def test_accepted_values_are_matched_without_case(company):
    assert sso.says_verified_customer({"customer_status": ["closed", "VERIFIED"]})
    assert not sso.says_verified_customer({"customer_status": ["closed"]})
    assert not sso.says_verified_customer({})


def test_no_claim_is_read_when_none_is_configured(company, settings):
    settings.SSO_VERIFIED_CUSTOMER_CLAIM = ""

    assert not sso.says_verified_customer({"customer_status": ["active"]})


def test_a_sign_in_through_another_provider_changes_nothing(company, customer):
    signed_in(customer, provider="google", customer_status="active")

    customer.refresh_from_db()
    assert not customer.is_verified_customer


def test_the_mark_records_when_and_which_provider(company, customer):
    signed_in(customer, customer_status="active")

    customer.refresh_from_db()
    assert customer.verified_customer_provider == "company"
    assert customer.verified_customer_at <= timezone.now()


def test_a_repeated_sign_in_keeps_the_first_time(company, customer):
    signed_in(customer, customer_status="active")
    first = type(customer).objects.get(pk=customer.pk).verified_customer_at

    signed_in(customer, customer_status="verified")

    customer.refresh_from_db()
    assert customer.verified_customer_at == first


def test_an_administrator_keeps_the_role_whatever_the_opt_in_claim_says(
    company, settings
):
    settings.SSO_STAFF_ROLE_CLAIM = "roles"
    admin = UserFactory(role=Role.ADMINISTRATOR)

    signed_in(admin, roles=[])

    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_a_role_from_the_opt_in_claim_is_audited_like_an_administrators(
    company, customer, settings
):
    settings.SSO_STAFF_ROLE_CLAIM = "roles"

    signed_in(customer, roles=["moderator"])

    customer.refresh_from_db()
    entry = AuditEntry.objects.get(
        action=AuditAction.ASSIGN_ROLE, target_id=customer.pk
    )
    assert customer.role == Role.MODERATOR
    assert (entry.actor, entry.after) == (None, {"role": Role.MODERATOR})
    assert entry.reason.startswith("Role claim from")


def test_the_company_sign_in_may_make_a_support_agent_and_take_it_back(
    company, customer, settings
):
    settings.SSO_STAFF_ROLE_CLAIM = "roles"

    signed_in(customer, roles=["Agent"])
    customer.refresh_from_db()
    assert customer.role == Role.AGENT

    signed_in(customer, roles=[])
    customer.refresh_from_db()
    assert customer.role == Role.CUSTOMER


def test_the_mark_shows_beside_posts_and_on_the_profile(client, company, answer):
    signed_in(answer.author, customer_status="active")

    thread_page = client.get(answer.thread.get_absolute_url()).content.decode()
    profile = client.get(f"/u/{answer.author.username}/").content.decode()

    assert MARK in thread_page
    assert MARK in profile


def test_cached_pages_show_the_mark_at_once_and_drop_it_at_once(
    client, company, answer
):
    url = answer.thread.get_absolute_url()
    assert MARK not in client.get(url).content.decode()

    signed_in(answer.author, customer_status="active")
    assert MARK in client.get(url).content.decode()

    signed_in(answer.author)
    assert MARK not in client.get(url).content.decode()


def test_a_verified_customers_board_refuses_other_customers(board, customer):
    board.posting_requires_verified_customer = True

    with pytest.raises(PermissionDenied, match="Only verified customers"):
        services.create_thread(
            board=board, author=customer, title="Can I post here?", body="Hello?"
        )


def test_a_verified_customers_board_takes_verified_customers_and_staff(
    board, customer, moderator
):
    board.posting_requires_verified_customer = True
    customer.verified_customer_at = timezone.now()

    assert permissions.can_start_thread(customer, board)
    assert permissions.can_start_thread(moderator, board)


def test_other_boards_stay_open_to_every_member(board, customer):
    assert permissions.can_start_thread(customer, board)


def test_replying_in_a_verified_customers_board_says_why_it_is_refused(
    question, other_customer
):
    question.board.posting_requires_verified_customer = True
    question.board.save()

    with pytest.raises(PermissionDenied, match="Only verified customers"):
        services.post_reply(question, author=other_customer, body="Me too, please.")


def test_an_administrator_opens_a_board_to_verified_customers_only(admin_client, board):
    response = admin_client.post(
        f"/admin/forum/board/{board.pk}/change/",
        {
            "name": board.name,
            "slug": board.slug,
            "kind": board.kind,
            "description": board.description,
            "position": board.position,
            "posting_requires_verified_customer": "on",
        },
    )

    assert response.status_code == 302
    board.refresh_from_db()
    assert board.posting_requires_verified_customer


def test_the_api_refuses_other_customers_with_the_reason(board, customer):
    board.posting_requires_verified_customer = True
    board.save()
    api = APIClient()
    api.force_authenticate(customer)

    response = api.post(
        "/api/v1/threads/",
        {"board": board.slug, "title": "Can I ask here?", "body": "Just asking."},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only verified customers")
    assert set(response.json()) == {"detail", "code"}


def test_a_deleted_account_keeps_no_verified_mark(company, customer):
    signed_in(customer, customer_status="active")

    delete_member_account(customer)

    customer.refresh_from_db()
    assert (customer.verified_customer_at, customer.verified_customer_provider) == (
        None,
        "",
    )


def test_the_ask_page_says_why_it_refuses_another_customer(client, board, customer):
    board.posting_requires_verified_customer = True
    board.save()
    client.force_login(customer)

    response = client.post(
        "/ask/",
        {"board": board.pk, "title": "Can I ask in here?", "body": "Just asking."},
    )

    assert response.status_code == 403
    assert "Only verified customers can post in this board" in response.content.decode()
