"""The care desk's personal data: redacted after the retention period and on
erasure, with the figures the reports read kept."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.data_rights import delete_member_account
from community.retention import purge_expired_data
from forum.care.models import (
    CareContact,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    InboundMessage,
)
from forum.care.services import cases, privacy
from forum.deflection.models import Delivery
from tests.factories import (
    AgentFactory,
    CareContactFactory,
    ConnectorFactory,
    UserFactory,
    make_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return AgentFactory()


def resolved_case(agent, *, days_ago: int, contact=None):
    """A case answered and resolved ``days_ago`` days ago, with a note."""
    opened = timezone.now() - timedelta(days=days_ago)
    case = make_case(contact=contact, opened_at=opened, text="I'm Carla, 0412 345 678")
    cases.add_note(case, by=agent, text="Carla's account is 4455-1234")
    cases.reply_to_case(case, by=agent, text="Hi Carla, fixed.", resolve=True)
    Case.objects.filter(pk=case.pk).update(resolved_at=opened + timedelta(hours=2))
    return Case.objects.get(pk=case.pk)


def test_a_case_resolved_before_the_retention_period_loses_the_words_not_the_figures(
    agent, settings
):
    settings.CARE_RETENTION_DAYS = 30
    old = resolved_case(agent, days_ago=40)
    figures = (old.opened_at, old.first_response_at, old.resolved_at, old.status)

    result = purge_expired_data()

    assert result["care_cases_redacted"] == 1
    old.refresh_from_db()
    assert (old.opened_at, old.first_response_at, old.resolved_at, old.status) == (
        figures
    )
    assert old.subject == ""
    texts = set(CaseMessage.objects.filter(case=old).values_list("text", flat=True))
    assert texts == {privacy.REDACTED}
    inbound = CaseMessage.objects.get(case=old, direction="inbound")
    assert (inbound.author_handle, inbound.author_name) == ("", "")
    assert inbound.redacted_at is not None
    assert old.events.get(kind=CaseEventKind.NOTE).text == privacy.REDACTED
    assert old.events.filter(kind=CaseEventKind.REDACTED, actor=None).count() == 1
    reply = CaseMessage.objects.get(case=old, direction="outbound")
    assert Delivery.objects.get(pk=reply.delivery_id).payload["redacted"] is True


def test_recent_and_unresolved_cases_keep_their_words(agent, settings):
    settings.CARE_RETENTION_DAYS = 30
    recent = resolved_case(agent, days_ago=10)
    open_case = make_case(opened_at=timezone.now() - timedelta(days=90))

    purge_expired_data()

    for case in (recent, open_case):
        assert not CaseMessage.objects.filter(
            case=case, redacted_at__isnull=False
        ).exists()
        assert not case.events.filter(kind=CaseEventKind.REDACTED).exists()


def test_the_purge_erases_a_contact_with_nothing_left_and_is_idempotent(
    agent, settings
):
    settings.CARE_RETENTION_DAYS = 30
    contact = CareContactFactory(
        handle="@carla",
        external_id="4411",
        last_seen_at=timezone.now() - timedelta(days=40),
    )
    resolved_case(agent, days_ago=40, contact=contact)

    first = purge_expired_data()
    second = purge_expired_data()

    contact.refresh_from_db()
    assert contact.handle == f"erased-{contact.pk}"
    assert (contact.display_name, contact.external_id) == ("", "")
    assert contact.erased_at is not None
    assert (first["care_cases_redacted"], first["care_contacts_erased"]) == (1, 1)
    assert (second["care_cases_redacted"], second["care_contacts_erased"]) == (0, 0)


def test_a_contact_with_a_live_case_is_kept(agent, settings):
    settings.CARE_RETENTION_DAYS = 30
    contact = CareContactFactory(last_seen_at=timezone.now() - timedelta(days=40))
    resolved_case(agent, days_ago=40, contact=contact)
    make_case(contact=contact)

    purge_expired_data()

    contact.refresh_from_db()
    assert contact.erased_at is None


def test_deleting_a_members_account_erases_their_linked_care_contacts(agent):
    member = UserFactory()
    contact = CareContactFactory(handle="@carla", member=member)
    done = resolved_case(agent, days_ago=1, contact=contact)
    live = make_case(contact=contact)
    InboundMessage.objects.create(
        connector=live.connector,
        external_id="x1",
        payload={"text": "mine"},
        message=live.messages.get(),
    )
    stranger = make_case()

    delete_member_account(member)

    contact.refresh_from_db()
    assert contact.erased_at is not None and contact.member is None
    assert contact.handle != "@carla"
    for case in (done, live):
        case.refresh_from_db()
        assert case.status == "resolved"
        assert set(case.messages.values_list("text", flat=True)) == {privacy.REDACTED}
    assert InboundMessage.objects.get().payload == {"redacted": True}
    assert stranger.messages.get().redacted_at is None


def test_a_reply_queued_to_an_erased_customer_is_not_sent(agent, settings):
    from tests.care.servers import RecordingServer

    server = RecordingServer()
    try:
        connector = ConnectorFactory(outbound_url=server.url)
        case = make_case(connector=connector)
        message = cases.reply_to_case(case, by=agent, text="Hello Carla")
        privacy.erase_contact(case.contact)

        from forum.deflection.services.outbox import attempt_delivery

        delivery = attempt_delivery(message.delivery_id)
    finally:
        server.close()
    assert delivery.status == "failed"
    assert "erased" in delivery.last_error
    assert server.requests == []


def test_the_erase_command_erases_a_customer_named_by_handle(agent):
    contact = CareContactFactory(network="twitter", handle="@Carla")
    make_case(contact=contact)

    call_command("erase_care_contact", "--network", "twitter", "--handle", "@carla")

    contact.refresh_from_db()
    assert contact.erased_at is not None
    assert CaseEvent.objects.filter(kind=CaseEventKind.REDACTED).count() == 1


def test_the_erase_command_says_when_nobody_has_that_handle():
    with pytest.raises(CommandError, match="No customer @nobody on twitter"):
        call_command(
            "erase_care_contact", "--network", "twitter", "--handle", "@nobody"
        )
    assert not CareContact.objects.exists()


def test_a_members_data_download_holds_what_they_wrote_to_the_care_desk():
    import io
    import json
    import zipfile

    from accounts.data_rights import export_member_data

    member = UserFactory()
    contact = CareContactFactory(handle="@carla", member=member)
    case = make_case(contact=contact, text="No signal in Fitzroy")
    cases.add_note(case, by=AgentFactory(), text="Internal: VIP")

    archive = zipfile.ZipFile(io.BytesIO(export_member_data(member)))

    [exported] = json.loads(archive.read("social_care.json"))
    assert exported["handle"] == "@carla"
    assert [m["text"] for m in exported["messages"]] == ["No signal in Fitzroy"]
    assert "VIP" not in archive.read("social_care.json").decode()
