"""Faults: the database or the cache goes away, and the site stays honest."""

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import override_settings

from forum.models import Post
from tests.factories import PASSWORD, ThreadFactory

pytestmark = pytest.mark.django_db

SECRET_DETAIL = "could not connect to server: secret-host.internal port 5432"


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as if the server had gone; undo() brings it back."""

    def refuse(*args, **kwargs):
        raise OperationalError(SECRET_DETAIL)

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    return monkeypatch


def test_database_down_gives_a_styled_503_page_with_nothing_leaked(
    client, database_down
):
    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "briefly unavailable" in body
    assert "secret-host" not in body and "Traceback" not in body


def test_database_down_gives_json_503_under_the_api(client, database_down):
    response = client.get("/api/v1/threads/")

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert "secret-host" not in response.content.decode()


def test_database_down_for_a_signed_in_member_is_still_a_503(
    client, customer, database_down
):
    database_down.undo()
    client.force_login(customer)
    # A middleware may meet the outage first (loading the member); the test client
    # would re-raise it, where a real server answers through handler500.
    client.raise_request_exception = False
    database_down.setattr(
        connection,
        "ensure_connection",
        lambda *a, **k: (_ for _ in ()).throw(OperationalError(SECRET_DETAIL)),
    )

    response = client.get("/")

    assert response.status_code == 503
    assert "secret-host" not in response.content.decode()


def test_the_site_recovers_by_itself_when_the_database_returns(
    client, database_down, caplog
):
    assert client.get("/").status_code == 503
    assert "Database unavailable" in caplog.text or "Service Unavailable" in caplog.text

    database_down.undo()

    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200


# --- Cache down ---------------------------------------------------------------

NOTHING_LISTENS = {
    "default": {
        "BACKEND": "community.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture
def cache_down():
    # Changing CACHES makes Django rebuild its cache connections.
    with override_settings(CACHES=NOTHING_LISTENS):
        assert caches["default"].__class__.__name__ == "RedisCache"
        yield


@pytest.fixture
def _rate_limits_on(flood_limits):
    return flood_limits


def test_cache_down_reading_continues(client, cache_down):
    thread = ThreadFactory(title="Modem keeps dropping")

    assert client.get("/").status_code == 200
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_cache_down_a_signed_in_member_still_reads(client, customer, cache_down):
    client.force_login(customer)
    thread = ThreadFactory()

    assert client.get(thread.get_absolute_url()).status_code == 200


def test_cache_down_sign_in_fails_closed_with_a_clear_message(
    client, customer, cache_down
):
    response = client.post(
        "/accounts/login/", {"login": customer.username, "password": PASSWORD}
    )

    assert response.status_code == 503
    assert "Signing in and posting are paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("_rate_limits_on")
def test_cache_down_posting_fails_closed_and_stores_nothing(
    client, customer, cache_down
):
    thread = ThreadFactory()
    client.force_login(customer)
    before = Post.objects.count()

    response = client.post(
        f"/t/{thread.pk}/reply/", {"body": "Try a different cable, it helped me."}
    )

    assert response.status_code == 503
    assert "Signing in and posting are paused" in response.content.decode()
    assert Post.objects.count() == before


@pytest.mark.usefixtures("_rate_limits_on")
def test_cache_down_api_writes_fail_closed_as_json(client, customer, cache_down):
    thread = ThreadFactory()
    client.force_login(customer)

    response = client.post(
        f"/api/v1/threads/{thread.pk}/posts/",
        {"body": "Try a different cable, it helped me."},
        content_type="application/json",
    )

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


# --- Outbound deliveries ---------------------------------------------------------


def test_an_unreachable_helpdesk_webhook_never_fails_the_contact_form(
    client, settings, django_capture_on_commit_callbacks
):
    from forum.deflection.models import Delivery, DeliveryStatus, Ticket

    settings.HELPDESK_WEBHOOK_URL = "http://127.0.0.1:1/tickets"
    settings.HELPDESK_WEBHOOK_SECRET = "s" * 32
    client.get("/support/contact/", {"q": "bill doubled"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/support/contact/ticket/",
            {
                "subject": "Bill doubled",
                "category": "billing",
                "description": "My March bill doubled.",
                "email": "visitor@example.com",
            },
        )

    assert response.status_code == 302
    assert Ticket.objects.count() == 1
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_a_failing_mail_server_never_fails_a_reply_that_notifies(
    client, customer, other_customer, monkeypatch, django_capture_on_commit_callbacks
):
    def broken_send(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", broken_send
    )
    thread = ThreadFactory(author=other_customer)
    client.force_login(customer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/t/{thread.pk}/reply/", {"body": "Restart the modem, then wait."}
        )

    assert response.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 2
