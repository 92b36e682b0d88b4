import pytest
from django.core import signing
from django.urls import reverse

from forum.notifications import selectors, tokens
from forum.notifications.models import (
    Channel,
    EmailFrequency,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
)

pytestmark = pytest.mark.django_db


def url_for(token: str) -> str:
    return reverse("notifications:unsubscribe", args=[token])


def test_the_link_shows_a_confirmation_without_signing_in_and_changes_nothing(
    client, customer
):
    token = tokens.make_unsubscribe_token(customer, NotificationKind.REPLY)

    response = client.get(url_for(token))

    assert response.status_code == 200
    assert "Replies in threads you follow" in response.content.decode()
    assert selectors.channels_for(customer)[NotificationKind.REPLY] == Channel.EMAIL


def test_one_click_unsubscribes_from_that_kind_without_signing_in(client, customer):
    token = tokens.make_unsubscribe_token(customer, NotificationKind.REPLY)

    response = client.post(url_for(token), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You're unsubscribed" in response.content.decode()
    channels = selectors.channels_for(customer)
    assert channels[NotificationKind.REPLY] == Channel.SITE
    assert channels[NotificationKind.MENTION] == Channel.EMAIL


def test_a_mail_client_posting_without_a_csrf_token_is_accepted(customer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = tokens.make_unsubscribe_token(customer, NotificationKind.MENTION)

    response = client.post(url_for(token), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert selectors.channels_for(customer)[NotificationKind.MENTION] == Channel.SITE


def test_the_digest_link_stops_all_notification_e_mail(client, customer):
    token = tokens.make_unsubscribe_token(customer, tokens.ALL)

    client.post(url_for(token))

    assert selectors.settings_for(customer).email_frequency == EmailFrequency.NEVER


def test_a_forged_token_gets_a_clear_error_and_changes_nothing(client, customer):
    forged = signing.dumps(
        {"u": customer.pk, "s": tokens.ALL}, salt="something-else", compress=True
    )

    response = client.post(url_for(forged))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not NotificationSettings.objects.exists()


def test_a_tampered_token_gets_a_clear_error(client, customer):
    token = tokens.make_unsubscribe_token(customer, NotificationKind.REPLY)

    response = client.get(url_for(token[:-3] + "abc"))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_an_expired_token_gets_a_clear_error_and_changes_nothing(
    client, customer, settings, monkeypatch
):
    import time

    token = tokens.make_unsubscribe_token(customer, NotificationKind.REPLY)
    real_time = time.time
    days = settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS + 1
    monkeypatch.setattr(time, "time", lambda: real_time() + days * 86400)

    response = client.post(url_for(token))

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_token_for_a_member_who_no_longer_exists_is_refused(client, customer):
    token = tokens.make_unsubscribe_token(customer, NotificationKind.REPLY)
    customer.delete()

    assert client.post(url_for(token)).status_code == 400
