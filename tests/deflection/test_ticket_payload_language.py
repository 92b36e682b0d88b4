"""What the helpdesk receives does not depend on the customer's language."""

import json

from django.utils import timezone, translation

from forum.deflection.models import Ticket, TicketCategory
from forum.deflection.services.tickets import ticket_payload


def test_the_category_label_is_plain_text_in_the_sites_language(settings):
    ticket = Ticket(
        reference="T-1",
        subject="Bill",
        description="Higher than usual",
        category=TicketCategory.BILLING,
        email="customer@example.com",
        created_at=timezone.now(),
    )

    with translation.override("ar"):
        payload = ticket_payload(ticket)

    label = payload["ticket"]["category_label"]
    assert type(label) is str
    assert label == "Billing and payments"
    assert json.loads(json.dumps(payload))["ticket"]["category"] == "billing"
