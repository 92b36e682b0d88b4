"""The site's name as the settings area keeps it reaches e-mails and feeds, not
only pages."""

import pytest
from django.core import mail
from django.urls import reverse

from forum.console import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(manager):
    services.update_site_settings(by=manager, values={"site_name": "Telco helpers"})


def test_account_emails_carry_the_new_name(client, customer, renamed):
    client.post(reverse("account_reset_password"), {"email": customer.email})
    assert mail.outbox[-1].subject.startswith("[Telco helpers] ")


def test_the_solved_feed_carries_the_new_name(client, renamed):
    feed = client.get(reverse("solved_feed")).content.decode()
    assert "<title>Solved questions · Telco helpers</title>" in feed
