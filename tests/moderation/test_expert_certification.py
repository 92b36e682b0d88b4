"""Moderators and managers certify experts on the member's page, through the same
service as the admin."""

import pytest

from accounts import services as accounts
from accounts.models import ExpertCertification
from forum import permissions
from forum.moderation.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(member) -> str:
    return f"/moderation/members/{member.username}/experts/"


def test_a_moderator_certifies_a_member_for_a_board(client, moderator, customer, board):
    client.force_login(moderator)

    response = client.post(url(customer), {"board": board.pk, "title": "NBN expert"})

    assert response.status_code == 302
    certification = ExpertCertification.objects.get(user=customer)
    assert (certification.board, certification.title) == (board, "NBN expert")
    assert certification.certified_by == moderator
    assert AuditEntry.objects.get().action == "certify_expert"


def test_a_manager_certifies_for_all_boards_until_a_date(client, manager, customer):
    client.force_login(manager)

    client.post(
        url(customer),
        {"board": "", "title": "Community expert", "expires_at": "2099-01-31T17:00"},
    )

    certification = ExpertCertification.objects.get(user=customer)
    assert certification.board is None
    assert certification.expires_at.year == 2099


def test_a_moderator_revokes_a_certification(client, moderator, expert, board):
    client.force_login(moderator)
    certification = expert.certifications.get()

    response = client.post(url(expert), {"revoke": certification.pk})

    assert response.status_code == 302
    assert not ExpertCertification.objects.exists()
    assert AuditEntry.objects.get().action == "revoke_certification"


def test_revoking_another_members_certification_from_this_page_is_not_found(
    client, moderator, expert, customer
):
    client.force_login(moderator)

    response = client.post(url(customer), {"revoke": expert.certifications.get().pk})

    assert response.status_code == 404
    assert ExpertCertification.objects.count() == 1


@pytest.mark.parametrize("revoke", ["", "abc", "99999"])
def test_a_bad_certification_id_is_not_found(client, moderator, expert, revoke):
    client.force_login(moderator)

    assert client.post(url(expert), {"revoke": revoke}).status_code == 404
    assert ExpertCertification.objects.count() == 1


def test_an_expiry_in_the_past_is_refused_with_a_message(client, moderator, customer):
    client.force_login(moderator)

    response = client.post(
        url(customer), {"title": "NBN expert", "expires_at": "2001-01-01T09:00"}
    )

    assert response.status_code == 400
    assert "must be in the future" in response.content.decode()
    assert not ExpertCertification.objects.exists()


def test_a_blank_title_is_refused_with_a_message(client, moderator, customer):
    client.force_login(moderator)

    response = client.post(url(customer), {"title": "   "})

    assert response.status_code == 400
    assert not ExpertCertification.objects.exists()


@pytest.mark.parametrize("who", ["customer", "expert"])
def test_members_who_are_not_moderators_or_managers_get_403(
    client, request, who, other_customer
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url(other_customer)).status_code == 403
    response = client.post(url(other_customer), {"title": "Self-made expert"})
    assert response.status_code == 403
    assert not ExpertCertification.objects.filter(user=other_customer).exists()


def test_an_unknown_member_is_not_found(client, moderator):
    client.force_login(moderator)

    assert client.get("/moderation/members/nobody-here/experts/").status_code == 404


def test_a_suspended_moderator_certifies_nobody(moderator, customer, board):
    from tests.security.world import suspend

    suspend(moderator)

    assert not permissions.can_certify_experts(moderator)
    with pytest.raises(Exception, match="Only moderators and managers"):
        accounts.certify_expert(customer, board=board, title="x", by=moderator)


def test_the_profile_links_the_page_for_moderators_only(
    client, moderator, customer, other_customer
):
    link = url(other_customer)

    client.force_login(moderator)
    assert link in client.get(f"/u/{other_customer.username}/").content.decode()
    client.force_login(customer)
    assert link not in client.get(f"/u/{other_customer.username}/").content.decode()


def test_the_page_lists_the_members_certifications(client, manager, expert):
    client.force_login(manager)

    body = client.get(url(expert)).content.decode()

    assert "NBN expert" in body
    assert "NBN &amp; Internet" in body
