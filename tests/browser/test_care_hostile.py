"""Hostile content on the care desk, in a real browser: what arrives from social
networks is untrusted, so the whole XSS corpus goes into customers' handles,
display names, messages, links and case tags, and an agent opens the queue and
the case pages. Nothing runs, nothing in the DOM could run, and every payload is
on the pages as text (the checks of tests/browser/test_hostile_content.py)."""

import pytest
from django.utils import timezone

from forum.care.models import (
    HANDLE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    CareContact,
    CaseMessage,
    Direction,
)
from forum.care.services.cases import TAG_MAX_LENGTH
from forum.limits import THREADS_PER_PAGE
from tests.browser import test_hostile_content as hostile
from tests.factories import PASSWORD, AgentFactory, ConnectorFactory, make_case
from tests.security.xss_corpus import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

# The hostile-content test's own browser page: dialogs and script calls trapped,
# foreign addresses refused, the Content-Security-Policy set aside.
page = hostile.page
as_text, pages_of, visit = hostile.as_text, hostile.pages_of, hostile.visit


def handle_for(index: int, payload: str) -> str:
    # Handles are unique per network; the number keeps each payload's own.
    return f"{index:03d}{payload}"[:HANDLE_MAX_LENGTH]


@pytest.fixture
def connector():
    return ConnectorFactory(network="twitter")


@pytest.fixture
def corpus_cases(connector):
    """One case per payload, its customer named by the payload."""
    contacts = CareContact.objects.bulk_create(
        CareContact(
            network=connector.network,
            handle=handle_for(index, payload),
            display_name=payload[:NAME_MAX_LENGTH],
        )
        for index, payload in enumerate(PAYLOADS)
    )
    return [
        make_case(connector=connector, contact=contact, text=payload)
        for contact, payload in zip(contacts, PAYLOADS, strict=True)
    ]


@pytest.fixture
def corpus_conversation(connector, corpus_cases):
    """A case whose conversation holds every payload as a message, each written
    under a payload handle and name and linking to a payload address; its tags
    are payloads too."""
    case = corpus_cases[0]
    now = timezone.now()
    CaseMessage.objects.bulk_create(
        CaseMessage(
            case=case,
            connector=connector,
            direction=Direction.INBOUND,
            external_id=f"corpus-{index}",
            author_handle=handle_for(index, payload),
            author_name=payload[:NAME_MAX_LENGTH],
            text=f"Payload {index:03d}\n{payload}",
            url=payload[:500],
            sent_at=now,
            received_at=now,
        )
        for index, payload in enumerate(PAYLOADS)
    )
    # Tag names go through the tag form's cleaning on the desk; these skip it,
    # as a tag written in the admin would, to show they are escaped too.
    case.tags.add(*{payload[:TAG_MAX_LENGTH] for payload in PAYLOADS[:40]})
    return case


def test_an_agent_meets_the_corpus_in_the_queue_and_on_a_case(
    page, sign_in, corpus_cases, corpus_conversation
):
    AgentFactory(username="alex")
    sign_in("alex", PASSWORD)

    queue_text = " ".join(
        visit(page, f"/care/?page={number}")
        for number in pages_of(len(corpus_cases), THREADS_PER_PAGE)
    )
    for index, payload in enumerate(PAYLOADS):
        assert as_text(handle_for(index, payload)) in queue_text, "handle"
        assert as_text(payload[:NAME_MAX_LENGTH]) in queue_text, "name"

    case_text = visit(page, corpus_conversation.get_absolute_url())
    for index, payload in enumerate(PAYLOADS):
        assert as_text(f"Payload {index:03d}\n{payload}") in case_text, "message"
        assert as_text(handle_for(index, payload)) in case_text, "author"
        assert as_text(payload[:NAME_MAX_LENGTH]) in case_text, "author name"
    for payload in PAYLOADS[:40]:
        assert as_text(payload[:TAG_MAX_LENGTH]) in case_text, "tag"

    for case in corpus_cases[1:6]:
        text = visit(page, case.get_absolute_url())
        assert as_text(case.contact.handle) in text
        assert as_text(case.contact.display_name) in text
