"""The care desk's configuration in the admin: connector secrets are write-only,
and a reply that could not go shows why in the delivery log."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from forum.care.models import Connector, InboundMessage
from tests.factories import ConnectorFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "inbound-secret-never-shown"


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(
        UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    )
    return client


@pytest.fixture
def connector():
    return ConnectorFactory(
        name="X care", inbound_secret=SECRET, outbound_secret="outbound-never-shown"
    )


def test_connector_secrets_are_never_rendered_back(admin_client, connector):
    listing = admin_client.get(reverse("admin:care_connector_changelist"))
    page = admin_client.get(reverse("admin:care_connector_change", args=[connector.pk]))

    for response in (listing, page):
        assert response.status_code == 200
        assert SECRET.encode() not in response.content
        assert b"outbound-never-shown" not in response.content
    assert b"/care/intake/" + connector.slug.encode() in page.content


def test_saving_a_connector_with_the_secrets_left_blank_keeps_them(
    admin_client, connector
):
    response = admin_client.post(
        reverse("admin:care_connector_change", args=[connector.pk]),
        {
            "name": "X care desk",
            "slug": connector.slug,
            "kind": "webhook",
            "network": "twitter",
            "team": "",
            "inbound_secret": "",
            "outbound_url": "https://post.example.com/x",
            "outbound_secret": "",
            "intake_per_minute": 100,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    connector.refresh_from_db()
    assert (connector.name, connector.inbound_secret) == ("X care desk", SECRET)
    assert connector.outbound_secret == "outbound-never-shown"


def test_a_new_connector_needs_an_inbound_secret_and_a_known_kind(admin_client):
    response = admin_client.post(
        reverse("admin:care_connector_add"),
        {
            "name": "Odd",
            "slug": "odd",
            "kind": "carrier-pigeon",
            "network": "other",
            "inbound_secret": "",
            "intake_per_minute": 10,
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"kind", "inbound_secret"}
    assert not Connector.objects.filter(slug="odd").exists()


def test_a_team_with_an_unknown_time_zone_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:care_careteam_add"),
        {
            "name": "Mars",
            "time_zone": "Mars/Olympus",
            "working_days": "12345",
            "opens_at": "08:00",
            "closes_at": "20:00",
        },
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["adminform"].form.errors


def test_the_intake_queue_lists_failed_rows_with_their_error(admin_client, connector):
    InboundMessage.objects.create(
        connector=connector,
        external_id="1790",
        payload={},
        status="failed",
        attempts=5,
        error="KeyError: 'sent_at'",
    )

    response = admin_client.get(
        reverse("admin:care_inboundmessage_changelist") + "?status=failed"
    )

    assert response.status_code == 200
    assert b"KeyError: &#x27;sent_at&#x27;" in response.content
