"""Synonyms managers and moderators edit, applied at query time."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.moderation.models import AuditAction, AuditEntry
from forum.search import search_threads, synonyms
from forum.search.models import Synonym
from forum.search.services import delete_synonym, save_synonym

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_seeded_synonyms(words_alone):
    """Each test starts from its own rules (the migration seeds a telco list), and
    ranks by words alone, so that what synonyms add is all that changes."""
    Synonym.objects.all().delete()
    synonyms.forget_rules()


def titles(query: str) -> list[str]:
    return [hit.thread.title for hit in search_threads(query).hits]


def test_a_two_way_rule_finds_each_word_from_the_others(indexed_thread, manager):
    indexed_thread("Invoice is wrong", "Charged for a plan I don't have.")
    indexed_thread("Bill arrived late", "Paper bill took two weeks.")
    before = titles("invoice")

    save_synonym(phrases="bill, invoice", two_way=True, by=manager)

    assert before == ["Invoice is wrong"]
    assert titles("invoice") == ["Invoice is wrong", "Bill arrived late"]
    assert titles("bill")[-1] == "Invoice is wrong"


def test_a_one_way_rule_works_in_one_direction_only(indexed_thread, manager):
    indexed_thread("Connection keeps disconnecting", "Every hour.")
    indexed_thread("Dropping out of calls", "Mid sentence.")

    save_synonym(phrases="dropping out, disconnecting", two_way=False, by=manager)

    assert "Connection keeps disconnecting" in titles("dropping out")
    assert titles("disconnecting") == ["Connection keeps disconnecting"]


def test_expansions_are_not_chained_and_count_less_than_typed_words(manager):
    save_synonym(phrases="bill, invoice", two_way=True, by=manager)
    save_synonym(phrases="invoice, statement", two_way=True, by=manager)

    expansion = synonyms.expansions(["bill"])

    assert expansion.terms == {"invoic": synonyms.SYNONYM_WEIGHT}
    assert expansion.phrases == ("invoice",)


def test_a_phrase_rule_matches_words_in_sequence(manager):
    save_synonym(phrases="message bank, voicemail", two_way=True, by=manager)

    assert synonyms.expansions(["messag", "bank"]).terms == {
        "voicemail": synonyms.SYNONYM_WEIGHT
    }
    assert synonyms.expansions(["bank", "messag"]).terms == {}


@pytest.mark.parametrize(
    ("phrases", "message"),
    [
        ("", "at least two"),
        ("bill", "at least two"),
        ("bill, Bill, BILL", "at least two"),
        ("the, how", "only words search ignores"),
        ("bill, a very long phrase for one thing", "longer than 4 words"),
        (", ".join(f"word{n}" for n in range(201)), "at most 200"),
    ],
)
def test_empty_or_oversized_rules_are_refused(manager, phrases, message):
    with pytest.raises(ValidationError, match=message):
        save_synonym(phrases=phrases, two_way=True, by=manager)

    assert not Synonym.objects.exists()


def test_a_word_gets_at_most_200_synonyms_across_rules(manager):
    save_synonym(
        phrases=", ".join(["bill", *(f"word{n}" for n in range(150))]),
        two_way=False,
        by=manager,
    )

    with pytest.raises(ValidationError, match="more than 200 synonyms"):
        save_synonym(
            phrases=", ".join(["bill", *(f"term{n}" for n in range(60))]),
            two_way=True,
            by=manager,
        )


def test_one_way_rules_that_would_loop_are_refused(manager):
    save_synonym(phrases="laggy, slow", two_way=False, by=manager)
    save_synonym(phrases="slow, sluggish", two_way=False, by=manager)

    with pytest.raises(ValidationError, match="back to itself"):
        save_synonym(phrases="sluggish, laggy", two_way=False, by=manager)

    assert Synonym.objects.count() == 2


def test_customers_cannot_edit_synonyms(customer):
    with pytest.raises(PermissionDenied):
        save_synonym(phrases="bill, invoice", two_way=True, by=customer)


def test_every_change_is_audited(moderator):
    synonym = save_synonym(phrases="bill, invoice", two_way=True, by=moderator)
    save_synonym(
        phrases="bill, invoice, charges", two_way=True, by=moderator, synonym=synonym
    )
    delete_synonym(synonym, by=moderator)

    entries = AuditEntry.objects.order_by("id")
    assert [entry.action for entry in entries] == [
        AuditAction.ADD_SYNONYM,
        AuditAction.CHANGE_SYNONYM,
        AuditAction.DELETE_SYNONYM,
    ]
    assert entries[1].before == {"phrases": "bill, invoice", "two_way": True}
    assert entries[1].after == {"phrases": "bill, invoice, charges", "two_way": True}


def test_an_edit_applies_to_the_next_search_without_reindexing(indexed_thread, manager):
    indexed_thread("Invoice is wrong", "Charged twice.")
    synonym = save_synonym(phrases="bill, statement", two_way=True, by=manager)
    assert titles("bill") == []

    save_synonym(phrases="bill, invoice", two_way=True, by=manager, synonym=synonym)

    assert titles("bill") == ["Invoice is wrong"]


def test_the_migration_seeds_a_telco_list():
    # The autouse fixture emptied it; the seed is in the migration's module.
    from importlib import import_module

    seed = import_module("forum.search.migrations.0005_seed_synonyms")
    rules = seed.TWO_WAY + seed.ONE_WAY

    assert any("voicemail" in rule and "message bank" in rule for rule in rules)
    assert all(
        not synonyms.problems(
            [p.strip() for p in rule.split(",")], two_way=True, exclude_id=None
        )
        for rule in rules
    )
