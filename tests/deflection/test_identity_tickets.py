"""POST /api/v1/helpdesk/tickets/ naming the customer (e-mail, SSO subject, account
number) instead of the journey: matching, the window, unmatched storage, the report."""

import json
from datetime import UTC, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from accounts import data_rights
from forum.deflection.models import (
    Journey,
    MemberIdentity,
    Ticket,
    TicketJourney,
    TicketMatch,
)
from tests.deflection.conftest import Visitor, build
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/helpdesk/tickets/"
LEGACY_URL = "/api/helpdesk/tickets/"
TOKEN = "helpdesk-token-0123456789"


@pytest.fixture(autouse=True)
def token(settings):
    settings.HELPDESK_API_TOKEN = TOKEN
    settings.DEFLECTION_TICKET_WINDOW_HOURS = 24


@pytest.fixture
def member(db):
    return UserFactory(username="mia", email="Mia.Jones@example.com")


def report(client, body, url=URL):
    return client.post(
        url,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {TOKEN}",
    )


def by_email(address, helpdesk_id="HD-1", at=None):
    body = {
        "helpdesk_ticket_id": helpdesk_id,
        "customer": {"kind": "email", "value": address},
    }
    if at is not None:
        body["created_at"] = at.astimezone(UTC).isoformat()
    return body


def signed_in_search(member, clock, query="roaming charges"):
    visitor = Visitor(user=member)
    visitor.search(query)
    return visitor, clock.now


# --- Matching by identity ---------------------------------------------------------


def test_a_ticket_named_by_e_mail_counts_for_the_members_journey(client, member, clock):
    visitor, _ = signed_in_search(member, clock)
    clock.advance(hours=2)

    response = report(client, by_email("  MIA.jones@EXAMPLE.com "))

    assert response.status_code == 201
    body = response.json()
    assert (body["match"], body["matched_journeys"], body["journey_id"]) == (
        "identity",
        1,
        None,
    )
    ticket = Ticket.objects.get()
    assert ticket.match == TicketMatch.IDENTITY
    assert [link.journey_id for link in ticket.matched_journeys.all()] == [
        visitor.journey_id
    ]
    # Only the keyed hash is kept, never the address.
    assert "mia" not in json.dumps(list(Ticket.objects.values()), default=str).lower()
    assert (
        "mia"
        not in json.dumps(list(MemberIdentity.objects.values()), default=str).lower()
    )


def test_a_ticket_named_by_sso_subject_counts_for_the_members_journey(
    client, member, clock
):
    SocialAccount.objects.create(user=member, provider="telco-oidc", uid="sub-81F")
    visitor, _ = signed_in_search(member, clock)
    body = {
        "helpdesk_ticket_id": "HD-2",
        "customer": {"kind": "sso", "provider": "telco-oidc", "value": "sub-81F"},
    }

    response = report(client, body)

    assert response.json()["match"] == "identity"
    assert TicketJourney.objects.get().journey_id == visitor.journey_id


def test_the_sso_subject_is_case_sensitive_and_needs_its_provider(
    client, member, clock
):
    SocialAccount.objects.create(user=member, provider="telco-oidc", uid="sub-81F")
    signed_in_search(member, clock)
    lower = {"kind": "sso", "provider": "telco-oidc", "value": "sub-81f"}
    elsewhere = {"kind": "sso", "provider": "other-idp", "value": "sub-81F"}

    first = report(client, {"helpdesk_ticket_id": "HD-3", "customer": lower})
    second = report(client, {"helpdesk_ticket_id": "HD-4", "customer": elsewhere})

    assert first.json()["match"] == second.json()["match"] == "unmatched"


def test_a_ticket_named_by_account_number_uses_the_configured_claim(
    client, member, clock, settings
):
    settings.SSO_ACCOUNT_NUMBER_CLAIM = "customer_number"
    SocialAccount.objects.create(
        user=member,
        provider="telco-oidc",
        uid="sub-1",
        extra_data={"customer_number": "4000 1234-567", "name": "Mia"},
    )
    visitor, _ = signed_in_search(member, clock)
    body = {
        "helpdesk_ticket_id": "HD-5",
        "customer": {"kind": "account_number", "value": "40001234567"},
    }

    response = report(client, body)

    assert response.json()["match"] == "identity"
    assert TicketJourney.objects.get().journey_id == visitor.journey_id


def test_a_new_claim_at_the_next_sso_sign_in_replaces_the_old_number(
    client, member, clock, settings
):
    settings.SSO_ACCOUNT_NUMBER_CLAIM = "customer_number"
    account = SocialAccount.objects.create(
        user=member, provider="oidc", uid="s", extra_data={"customer_number": "111"}
    )
    account.extra_data = {"customer_number": "222"}
    account.save()  # what allauth does with the claims of each sign-in
    signed_in_search(member, clock)

    old = report(
        client,
        {
            "helpdesk_ticket_id": "A",
            "customer": {"kind": "account_number", "value": "111"},
        },
    )
    new = report(
        client,
        {
            "helpdesk_ticket_id": "B",
            "customer": {"kind": "account_number", "value": "222"},
        },
    )

    assert (old.json()["match"], new.json()["match"]) == ("unmatched", "identity")


def test_the_window_includes_its_boundary(client, member, clock):
    _, searched_at = signed_in_search(member, clock)
    clock.advance(days=2)

    response = report(
        client, by_email(member.email, at=searched_at + timedelta(hours=24))
    )

    assert response.json()["match"] == "identity"


def test_a_ticket_a_second_past_the_window_is_unmatched(client, member, clock):
    _, searched_at = signed_in_search(member, clock)
    clock.advance(days=2)
    late = searched_at + timedelta(hours=24, seconds=1)

    response = report(client, by_email(member.email, at=late))

    assert response.status_code == 201
    assert response.json()["match"] == "unmatched"
    assert Ticket.objects.get().match == TicketMatch.UNMATCHED
    assert not TicketJourney.objects.exists()


def test_a_ticket_opened_before_the_last_search_does_not_match_it(
    client, member, clock
):
    _, searched_at = signed_in_search(member, clock)

    response = report(
        client, by_email(member.email, at=searched_at - timedelta(seconds=1))
    )

    assert response.json()["match"] == "unmatched"


def test_both_journeys_in_the_window_count_the_ticket(client, member, clock):
    first, _ = signed_in_search(member, clock, "sim not working")
    clock.advance(hours=3)
    second, _ = signed_in_search(member, clock, "esim activation")
    clock.advance(hours=1)

    response = report(client, by_email(member.email))

    assert response.json()["matched_journeys"] == 2
    assert set(TicketJourney.objects.values_list("journey_id", flat=True)) == {
        first.journey_id,
        second.journey_id,
    }


def test_only_the_journey_in_the_window_counts_the_ticket(client, member, clock):
    signed_in_search(member, clock, "old question")
    clock.advance(hours=30)
    recent, _ = signed_in_search(member, clock, "new question")
    clock.advance(hours=1)

    response = report(client, by_email(member.email))

    assert response.json()["matched_journeys"] == 1
    assert TicketJourney.objects.get().journey_id == recent.journey_id


def test_another_members_journey_never_counts(client, member, clock):
    signed_in_search(UserFactory(username="someone"), clock)
    Visitor().search("anonymous searcher")

    response = report(client, by_email(member.email))

    assert response.json()["match"] == "unmatched"


def test_an_address_nobody_has_is_stored_unmatched(client, member, clock):
    signed_in_search(member, clock)

    response = report(client, by_email("stranger@example.org"))

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert (ticket.match, ticket.journey_id) == (TicketMatch.UNMATCHED, None)
    assert ticket.identity_kind == "email" and len(ticket.identity_digest) == 64


def test_an_unverified_address_matches_nobody(client, clock):
    member = UserFactory(username="newbie", verified_email=False)
    EmailAddress.objects.create(user=member, email=member.email, verified=False)
    signed_in_search(member, clock)

    assert report(client, by_email(member.email)).json()["match"] == "unmatched"


def test_a_changed_address_matches_and_the_old_one_no_longer_does(
    client, member, clock
):
    address = EmailAddress.objects.get(user=member)
    address.email = "mia@new.example.com"
    address.save()
    signed_in_search(member, clock)

    old = report(client, by_email("mia.jones@example.com", "HD-1"))
    new = report(client, by_email("mia@new.example.com", "HD-2"))

    assert (old.json()["match"], new.json()["match"]) == ("unmatched", "identity")


def test_a_removed_address_matches_nobody(client, member, clock):
    EmailAddress.objects.filter(user=member).delete()
    signed_in_search(member, clock)

    assert report(client, by_email(member.email)).json()["match"] == "unmatched"


def test_erasure_deletes_the_identities_and_unlinks_their_tickets(
    client, member, clock
):
    SocialAccount.objects.create(user=member, provider="oidc", uid="sub-9")
    signed_in_search(member, clock)
    report(client, by_email(member.email))

    data_rights.delete_member_account(member)

    assert not MemberIdentity.objects.filter(user=member).exists()
    assert Ticket.objects.get().identity_digest == ""


def test_a_replay_answers_200_and_another_customer_is_a_conflict(client, member, clock):
    signed_in_search(member, clock)
    first = report(client, by_email(member.email))

    replay = report(client, by_email(member.email.upper()))
    other = report(client, by_email("someone.else@example.com"))

    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()["reference"] == first.json()["reference"]
    assert other.status_code == 409
    assert other.json()["code"] == "conflict"
    assert Ticket.objects.count() == 1


# --- The report ----------------------------------------------------------------------


def test_the_report_counts_tickets_by_how_they_matched(client, member, clock):
    from django.core.cache import cache

    from accounts.models import Role
    from tests.factories import UserFactory as Users

    visitor, _ = signed_in_search(member, clock)
    report(client, {"journey_id": visitor.journey_id, "helpdesk_ticket_id": "J"})
    report(client, by_email(member.email, "I"))
    report(client, by_email("stranger@example.org", "U1"))
    report(client, by_email("other@example.org", "U2"))
    manager = Users(username="mgr", role=Role.MANAGER)
    client.force_login(manager)
    cache.clear()

    api = client.get("/api/v1/reports/deflection/", {"period": "7"}).json()
    page = client.get("/reports/deflection/", {"period": "7"})
    csv = client.get("/reports/deflection/ticket-matching.csv", {"period": "7"})

    assert api["ticket_matching"] == {
        "journey": 1,
        "identity": 1,
        "unmatched": 2,
        "total": 4,
    }
    assert page.context["ticket_matching"]["unmatched"] == 2
    assert "Matched by customer identity" in page.content.decode()
    lines = csv.content.decode().splitlines()
    assert "matched by customer identity,1" in lines
    assert "not matched,2" in lines


def test_identity_tickets_count_in_the_full_rebuild_as_in_the_incremental_one(
    client, member, clock
):
    from forum.deflection.services.aggregation import build_deflection_stats

    signed_in_search(member, clock)
    clock.advance(hours=1)
    report(client, by_email(member.email))
    build(clock)
    incremental = list(Journey.objects.values_list("ticket", "deflected"))

    Journey.objects.update(ticket=False, deflected=True)
    build_deflection_stats(full=True)

    assert incremental == [(True, False)]
    assert list(Journey.objects.values_list("ticket", "deflected")) == incremental


def test_after_a_key_change_the_command_rehashes_every_identity(
    client, member, clock, settings
):
    from django.core.management import call_command

    SocialAccount.objects.create(user=member, provider="oidc", uid="sub-9")
    signed_in_search(member, clock)
    settings.DEFLECTION_IDENTITY_KEY = "a-new-dedicated-identity-key"
    assert report(client, by_email(member.email, "K1")).json()["match"] == "unmatched"

    call_command("sync_member_identities", verbosity=0)

    assert report(client, by_email(member.email, "K2")).json()["match"] == "identity"
    assert MemberIdentity.objects.filter(user=member).count() == 2
