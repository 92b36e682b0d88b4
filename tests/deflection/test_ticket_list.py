"""The tickets kept in the product when no helpdesk is configured: the staff's
ticket list, a ticket's page, marking it handled, and what the contact pages say."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from forum.deflection.models import Ticket
from forum.deflection.services.tickets import mark_ticket_handled, submit_ticket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/support/tickets/"
# The member, the header's two moderation counts (a moderator's), the tickets'
# count and their page (with their members and handlers): the same with 1 ticket
# as with 20.
LIST_QUERIES = 5


def keep_ticket(subject="My bill doubled", **fields) -> Ticket:
    return submit_ticket(
        subject=subject,
        description="It was 40 dollars, now 80.",
        category="billing",
        email="carla@example.com",
        **fields,
    )


@pytest.fixture
def staff_client(client, moderator):
    client.force_login(moderator)
    return client


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["customer", "expert"])
def test_members_who_are_not_staff_get_403(client, request, role):
    ticket = keep_ticket()
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{ticket.reference}/").status_code == 403
    assert client.post(f"{URL}{ticket.reference}/handled/").status_code == 403
    ticket.refresh_from_db()
    assert ticket.handled_at is None


@pytest.mark.parametrize("role", ["moderator", "manager", "administrator"])
def test_moderators_and_managers_read_the_ticket_list(client, request, role):
    keep_ticket(subject="Roaming charges in Bali")
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL)

    assert response.status_code == 200
    assert "Roaming charges in Bali" in response.content.decode()


def test_the_list_is_newest_first_and_open_by_default(staff_client, moderator):
    older = keep_ticket(subject="Older ticket")
    Ticket.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    keep_ticket(subject="Newer ticket")
    done = keep_ticket(subject="Answered ticket")
    mark_ticket_handled(done, by=moderator)

    page = staff_client.get(URL).content.decode()

    assert page.index("Newer ticket") < page.index("Older ticket")
    assert "Answered ticket" not in page


def test_the_handled_filter_lists_handled_tickets_with_who_handled_them(
    staff_client, moderator
):
    keep_ticket(subject="Still open")
    mark_ticket_handled(keep_ticket(subject="Answered ticket"), by=moderator)

    page = staff_client.get(URL, {"status": "handled"}).content.decode()

    assert "Answered ticket" in page
    assert f"Handled by {moderator.name}" in page
    assert "Still open" not in page


def test_a_bad_filter_is_a_form_error(staff_client):
    response = staff_client.get(URL, {"status": "everything"})

    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()


def test_tickets_forwarded_to_a_helpdesk_are_not_listed(staff_client, settings):
    settings.HELPDESK_EMAIL = "helpdesk@example.com"
    forwarded = keep_ticket(subject="Went to the helpdesk")

    page = staff_client.get(URL, {"status": "all"}).content.decode()

    assert "Went to the helpdesk" not in page
    assert staff_client.get(f"{URL}{forwarded.reference}/").status_code == 404


def test_a_tickets_page_shows_what_they_wrote_and_the_button(staff_client):
    ticket = keep_ticket()

    page = staff_client.get(f"{URL}{ticket.reference}/").content.decode()

    assert "It was 40 dollars, now 80." in page
    assert "mailto:carla@example.com" in page
    assert "Mark handled" in page


def test_marking_handled_records_who_and_when(staff_client, moderator):
    ticket = keep_ticket()

    response = staff_client.post(f"{URL}{ticket.reference}/handled/")

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.handled_by == moderator
    assert ticket.handled_at == pytest.approx(timezone.now(), abs=timedelta(minutes=1))


def test_marking_handled_again_keeps_the_first_handler(moderator, manager):
    ticket = mark_ticket_handled(keep_ticket(), by=moderator)
    first = ticket.handled_at

    again = mark_ticket_handled(ticket, by=manager)

    assert (again.handled_by, again.handled_at) == (moderator, first)


def test_a_suspended_moderator_cannot_mark_a_ticket_handled(moderator):
    moderator.suspended_until = timezone.now() + timedelta(days=1)
    moderator.save()

    with pytest.raises(PermissionDenied):
        mark_ticket_handled(keep_ticket(), by=moderator)


def test_marking_handled_takes_a_post(staff_client):
    ticket = keep_ticket()

    assert staff_client.get(f"{URL}{ticket.reference}/handled/").status_code == 405


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_query_count_does_not_grow_with_tickets(
    staff_client, moderator, count, django_assert_num_queries
):
    for n in range(count):
        keep_ticket(subject=f"Ticket {n}", user=UserFactory())
    staff_client.get(URL)  # the header's cached counts

    with django_assert_num_queries(LIST_QUERIES):
        response = staff_client.get(URL)

    assert response.content.decode().count("/support/tickets/CS-") == count


# --- what the contact pages tell the visitor -----------------------------------

KEPT = "read it in the community's ticket list and answer by e-mail"
FORWARDED = "It goes to our support team's helpdesk"
TICKET = {
    "subject": "Bill higher than usual",
    "category": "billing",
    "description": "My March bill doubled.",
    "email": "visitor@example.com",
}


def test_with_no_helpdesk_the_contact_pages_say_who_reads_the_ticket(client):
    form = client.get("/support/contact/ticket/").content.decode()
    sent = client.get(
        client.post("/support/contact/ticket/", TICKET)["Location"]
    ).content.decode()

    assert KEPT in form and KEPT in sent
    assert FORWARDED not in form + sent
    assert "we've got it" not in sent
    assert Ticket.objects.get().kept_in_product


def test_with_a_helpdesk_the_contact_pages_say_it_goes_there(client, settings):
    settings.HELPDESK_WEBHOOK_URL = "https://helpdesk.example.com/hook"
    settings.HELPDESK_WEBHOOK_SECRET = "s" * 32

    form = client.get("/support/contact/ticket/").content.decode()

    assert FORWARDED in form
    assert KEPT not in form


def test_staff_find_the_ticket_list_from_the_moderation_tabs(staff_client):
    page = staff_client.get("/moderation/log/").content.decode()

    assert 'href="/support/tickets/"' in page
