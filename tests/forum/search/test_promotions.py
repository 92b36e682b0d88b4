"""Promoted answers: a thread pinned to a query's results by a manager."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.moderation.models import AuditAction, AuditEntry
from forum.search import search_threads
from forum.search.models import Promotion
from forum.search.services import (
    MAX_PROMOTIONS_PER_QUERY,
    promote_thread,
    remove_promotion,
)
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["bill higher than usual", "Usual bill HIGHER?", "higher bills usual"]
)
def test_a_promoted_thread_shows_first_and_marked_for_the_query_and_its_variants(
    indexed_thread, manager, query
):
    indexed_thread("Bill higher than usual", "Doubled this month.")
    answer = indexed_thread("Understanding your first bill", "Part-month charges.")
    promote_thread(query="bill higher than usual", thread=answer, by=manager)

    hits = search_threads(query).hits

    assert (hits[0].thread, hits[0].promoted) == (answer, True)
    assert not any(hit.promoted for hit in hits[1:])


def test_a_promotion_is_for_its_query_only(indexed_thread, manager):
    indexed_thread("Bill higher than usual", "Doubled this month.")
    answer = indexed_thread("Understanding your first bill", "Part-month charges.")
    promote_thread(query="bill higher than usual", thread=answer, by=manager)

    assert not any(hit.promoted for hit in search_threads("first bill").hits)


def test_a_promoted_thread_shows_even_when_it_shares_no_word(indexed_thread, manager):
    indexed_thread("Bill higher than usual", "Doubled this month.")
    answer = indexed_thread("Understanding part-month charges", "Pro rata.")

    promote_thread(query="bill higher than usual", thread=answer, by=manager)

    assert search_threads("bill higher than usual").hits[0].thread == answer


def test_a_hidden_thread_is_never_promoted_nor_shown(indexed_thread, manager):
    answer = indexed_thread("Understanding your bill", "Charges explained.")
    hidden = indexed_thread("Spam about bills", "Buy now.", is_hidden=True)

    with pytest.raises(ValidationError, match="every reader can see"):
        promote_thread(query="bill", thread=hidden, by=manager)
    promote_thread(query="bill", thread=answer, by=manager)
    answer.is_hidden = True
    answer.save(update_fields=["is_hidden"])

    assert all(hit.thread != answer for hit in search_threads("bill").hits)


@pytest.mark.parametrize("query", ["", "   ", "how do I", "?!"])
def test_a_query_search_would_ignore_is_refused(manager, query):
    with pytest.raises(ValidationError, match="no words search uses"):
        promote_thread(query=query, thread=ThreadFactory(), by=manager)

    assert not Promotion.objects.exists()


def test_a_thread_is_promoted_once_per_query_and_a_query_holds_a_few(manager):
    first = ThreadFactory()
    promote_thread(query="bill shock", thread=first, by=manager)

    with pytest.raises(ValidationError, match="already promoted"):
        promote_thread(query="Bill shock!", thread=first, by=manager)
    for _ in range(MAX_PROMOTIONS_PER_QUERY - 1):
        promote_thread(query="bill shock", thread=ThreadFactory(), by=manager)
    with pytest.raises(ValidationError, match="at most"):
        promote_thread(query="bill shock", thread=ThreadFactory(), by=manager)


def test_customers_cannot_promote(customer):
    with pytest.raises(PermissionDenied):
        promote_thread(query="bill", thread=ThreadFactory(), by=customer)


def test_promoting_and_removing_are_audited(manager):
    thread = ThreadFactory(title="Understanding your bill")

    promotion = promote_thread(query="bill shock", thread=thread, by=manager)
    remove_promotion(promotion, by=manager)

    entries = AuditEntry.objects.order_by("id")
    assert [(e.action, e.target_id) for e in entries] == [
        (AuditAction.PROMOTE_THREAD, thread.pk),
        (AuditAction.UNPROMOTE_THREAD, thread.pk),
    ]
    assert entries[0].after == {"query": "bill shock"}
    assert not Promotion.objects.exists()
