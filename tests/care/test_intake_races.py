"""Filing the same queued message from several workers at once files it once:
OS threads, each with its own database connection, released together."""

import threading

import pytest
from django.db import connections

from forum.care.models import CaseMessage, InboundMessage
from forum.care.services import intake
from tests.care.test_intake_filing import incoming
from tests.factories import ConnectorFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 4


def run_together(action, times: int) -> list:
    barrier = threading.Barrier(times)
    results, errors = [], []

    def work():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_workers_filing_one_message_at_once_file_it_once():
    connector = ConnectorFactory()
    message = incoming()
    row = InboundMessage.objects.create(
        connector=connector, external_id="1790", payload=message.as_payload()
    )

    results = run_together(lambda: intake.file_inbound(row.pk), WORKERS)

    # Whoever lost the race found the row claimed (or, on SQLite, locked and
    # left queued for the sweep): never a second copy.
    assert sum(r is not None for r in results) <= 1
    intake.file_queued()
    assert CaseMessage.objects.count() == 1
    row.refresh_from_db()
    assert row.status == "processed"
