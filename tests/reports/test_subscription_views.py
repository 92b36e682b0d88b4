"""The subscription page, unsubscribing from it, and the signed link in the e-mail."""

import pytest
from django.core import signing

from forum.reports.models import ReportSubscription
from forum.reports.services import subscribe_to_summary, unsubscribe_token
from tests.factories import BoardFactory

pytestmark = pytest.mark.django_db

URL = "/reports/subscriptions/"
# The member, their subscriptions (with boards) and the form's board choices: the
# same with 1 subscription as with 20 (the header's counts are cached).
PAGE_QUERIES = 3


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["customer", "moderator", "expert"])
def test_members_who_cannot_read_reports_get_403(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"frequency": "weekly"}).status_code == 403
    assert not ReportSubscription.objects.exists()


def test_a_manager_subscribes_to_the_weekly_summary(manager_client, manager):
    response = manager_client.post(URL, {"frequency": "weekly"})

    assert response.status_code == 302
    subscription = ReportSubscription.objects.get()
    assert (subscription.user, subscription.frequency, subscription.board) == (
        manager,
        "weekly",
        None,
    )
    page = manager_client.get(URL).content.decode()
    assert "Weekly (Monday to Sunday): all boards" in page


def test_a_manager_subscribes_to_one_boards_monthly_summary(manager_client, board):
    manager_client.post(URL, {"frequency": "monthly", "board": board.pk})

    assert ReportSubscription.objects.get().board == board


def test_subscribing_twice_keeps_one_subscription(manager_client):
    manager_client.post(URL, {"frequency": "weekly"})
    manager_client.post(URL, {"frequency": "weekly"})

    assert ReportSubscription.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{"frequency": "daily"}, {}, {"frequency": "weekly", "board": "999999"}]
)
def test_a_bad_choice_is_a_form_error_and_changes_nothing(manager_client, data):
    response = manager_client.post(URL, data)

    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()
    assert not ReportSubscription.objects.exists()


def test_the_service_refuses_a_member_without_the_permission(customer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        subscribe_to_summary(user=customer, frequency="weekly")


def test_a_manager_unsubscribes_from_the_page(manager_client, manager):
    subscription = ReportSubscription.objects.create(user=manager, frequency="weekly")

    response = manager_client.post(f"{URL}{subscription.pk}/unsubscribe/")

    assert response.status_code == 302
    assert not ReportSubscription.objects.exists()


def test_nobody_ends_anyone_elses_subscription_from_the_page(client, administrator):
    from tests.factories import UserFactory

    other = UserFactory(role="manager")
    subscription = ReportSubscription.objects.create(user=other, frequency="weekly")
    client.force_login(administrator)

    response = client.post(f"{URL}{subscription.pk}/unsubscribe/")

    assert response.status_code == 404
    assert ReportSubscription.objects.filter(pk=subscription.pk).exists()


def test_the_signed_link_asks_first_and_unsubscribes_on_post(client, manager):
    subscription = ReportSubscription.objects.create(user=manager, frequency="weekly")
    link = f"{URL}unsubscribe/{unsubscribe_token(subscription)}/"

    asked = client.get(link)
    assert asked.status_code == 200
    assert ReportSubscription.objects.exists()  # a link scanner's GET stops nothing

    done = client.post(link)
    assert done.status_code == 200
    assert "You're unsubscribed" in done.content.decode()
    assert not ReportSubscription.objects.exists()
    assert client.post(link).status_code == 200  # twice is harmless


def test_a_forged_link_is_refused_and_changes_nothing(client, manager):
    subscription = ReportSubscription.objects.create(user=manager, frequency="weekly")
    forged = signing.dumps({"s": subscription.pk, "u": manager.pk}, salt="other")
    tampered = unsubscribe_token(subscription)[:-2] + "xx"

    for token in (forged, tampered, "nonsense"):
        response = client.post(f"{URL}unsubscribe/{token}/")
        assert response.status_code == 400
    assert ReportSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_link_for_one_member_cannot_end_anothers_subscription(client, manager):
    subscription = ReportSubscription.objects.create(user=manager, frequency="weekly")
    token = signing.dumps(
        {"s": subscription.pk, "u": manager.pk + 1000},
        salt="forum.reports.unsubscribe",
    )

    client.post(f"{URL}unsubscribe/{token}/")

    assert ReportSubscription.objects.filter(pk=subscription.pk).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_query_count_does_not_grow_with_subscriptions(
    manager_client, manager, count, django_assert_num_queries
):
    for board in BoardFactory.create_batch(count):
        ReportSubscription.objects.create(user=manager, frequency="weekly", board=board)
    manager_client.get(URL)  # the header's cached counts

    with django_assert_num_queries(PAGE_QUERIES):
        response = manager_client.get(URL)

    assert response.content.decode().count("Unsubscribe<span") == count


def test_the_deflection_report_links_to_the_summary_e_mails(manager_client):
    page = manager_client.get("/reports/deflection/").content.decode()

    assert 'href="/reports/subscriptions/"' in page
