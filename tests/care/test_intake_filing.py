"""Filing the intake queue: idempotent, safe to repeat, failures kept on the row
and tried again by the periodic sweep."""

from datetime import UTC, datetime

import pytest

from forum.care.connectors import IncomingMessage
from forum.care.models import Case, CaseMessage, InboundMessage, InboundStatus
from forum.care.services import intake
from forum.deflection.services.periodic import run_periodic_jobs
from tests.factories import ConnectorFactory

pytestmark = pytest.mark.django_db


def incoming(id="1790", **fields):
    return IncomingMessage(
        **{
            "external_id": id,
            "network": "twitter",
            "author_id": "4411",
            "author_handle": "@carla",
            "author_name": "Carla",
            "text": "No signal in Fitzroy",
            "sent_at": datetime(2026, 3, 10, 9, tzinfo=UTC),
            "is_public": True,
        }
        | fields
    )


@pytest.fixture
def connector():
    return ConnectorFactory()


def queue(connector, *messages):
    return [
        InboundMessage.objects.create(
            connector=connector, external_id=m.external_id, payload=m.as_payload()
        )
        for m in messages
    ]


def test_filing_a_message_twice_files_it_once(connector):
    [row] = queue(connector, incoming())

    first = intake.file_inbound(row.pk)
    second = intake.file_inbound(row.pk)

    assert isinstance(first, CaseMessage) and second is None
    assert CaseMessage.objects.count() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.message) == ("processed", 1, first)


def test_a_message_already_on_a_case_is_linked_not_copied(connector):
    [row] = queue(connector, incoming())
    filed = intake.file_inbound(row.pk)
    InboundMessage.objects.filter(pk=row.pk).update(status=InboundStatus.QUEUED)

    again = intake.file_inbound(row.pk)

    assert again == filed
    assert Case.objects.count() == 1


def test_a_failure_is_recorded_on_the_row_and_retried_by_the_sweep(connector):
    [row] = queue(connector, incoming())
    good = row.payload
    InboundMessage.objects.filter(pk=row.pk).update(payload={"text": "half"})

    assert intake.file_inbound(row.pk) is None
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.error.startswith("KeyError")
    assert not Case.objects.exists()

    InboundMessage.objects.filter(pk=row.pk).update(payload=good)
    assert intake.file_queued() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == ("processed", 2, "")


def test_a_row_that_keeps_failing_is_left_failed_for_someone_to_look_at(connector):
    [row] = queue(connector, incoming())
    InboundMessage.objects.filter(pk=row.pk).update(payload={})

    for _ in range(intake.MAX_FILING_ATTEMPTS + 2):
        intake.file_queued()

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", intake.MAX_FILING_ATTEMPTS)


def test_the_periodic_run_files_what_is_still_queued(connector):
    queue(connector, incoming(), incoming("1791", in_reply_to="1790"))

    run_periodic_jobs()

    assert InboundMessage.objects.filter(status="processed").count() == 2
    assert Case.objects.get().messages.count() == 2


def test_accepting_stores_once_per_message_id(
    connector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counts = intake.accept_messages(connector, [incoming(), incoming()])

    assert counts == (1, 1)
    assert CaseMessage.objects.count() == 1


def test_the_same_message_id_on_another_connector_is_another_message(connector):
    other = ConnectorFactory()
    intake.accept_messages(connector, [incoming()])

    assert intake.accept_messages(other, [incoming()]) == (1, 0)


def test_a_member_who_connects_that_network_later_is_linked_to_their_contact(
    connector,
):
    from allauth.socialaccount.models import SocialAccount

    from tests.factories import UserFactory

    [row] = queue(connector, incoming())
    contact = intake.file_inbound(row.pk).case.contact
    member = UserFactory()

    SocialAccount.objects.create(user=member, provider="twitter", uid="4411")

    contact.refresh_from_db()
    assert contact.member == member
