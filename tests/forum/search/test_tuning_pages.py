"""The pages and API fields where search is tuned and explained."""

import pytest

from forum.search.models import Promotion, Synonym
from forum.search.services import promote_thread

pytestmark = pytest.mark.django_db


def test_managers_and_moderators_see_the_synonym_page(client, manager, moderator):
    for member in (manager, moderator):
        client.force_login(member)
        response = client.get("/search/synonyms/")
        assert response.status_code == 200
        assert "message bank" in response.content.decode()


def test_customers_are_refused_and_visitors_sent_to_sign_in(client, customer):
    assert client.get("/search/synonyms/").status_code == 302
    client.force_login(customer)
    assert client.get("/search/synonyms/").status_code == 403
    assert client.get("/search/promotions/").status_code == 403


def test_a_rule_is_edited_through_its_page(client, manager):
    synonym = Synonym.objects.create(phrases="bill, invoice")
    client.force_login(manager)

    response = client.post(
        f"/search/synonyms/{synonym.pk}/",
        {"phrases": "bill, invoice, charges"} | {"two_way": "0"},
    )

    assert response.status_code == 302
    synonym.refresh_from_db()
    assert (synonym.phrases, synonym.two_way) == ("bill, invoice, charges", False)


def test_a_refused_rule_shows_why_and_saves_nothing(client, manager):
    client.force_login(manager)
    count = Synonym.objects.count()

    response = client.post("/search/synonyms/", {"phrases": "the", "two_way": "1"})

    assert response.status_code == 200
    assert "only words search ignores" in response.content.decode()
    assert Synonym.objects.count() == count


def test_the_promotion_form_comes_filled_from_the_report(client, manager):
    client.force_login(manager)

    page = client.get("/search/promotions/", {"q": "static ip"}).content.decode()

    assert 'value="static ip"' in page


def test_promoting_through_the_page_takes_a_thread_address(
    client, manager, indexed_thread
):
    thread = indexed_thread("Static IP addresses", "How to get one.")
    client.force_login(manager)

    client.post(
        "/search/promotions/",
        {"query": "static ip", "thread": f"https://example.com/t/{thread.pk}-x/"},
    )
    refused = client.post(
        "/search/promotions/", {"query": "static ip", "thread": "/b/nothing/"}
    )

    assert Promotion.objects.get().thread == thread
    assert "not the address or number of a thread" in refused.content.decode()


def test_staff_may_ask_why_results_ranked_so_and_customers_may_not(
    client, manager, customer, indexed_thread
):
    indexed_thread("Modem lights orange", "Help.", solution="Reset it.")
    client.force_login(customer)
    as_customer = client.get("/search/", {"q": "modem", "explain": "1"})
    client.force_login(manager)
    offered = client.get("/search/", {"q": "modem"}).content.decode()
    explained = client.get("/search/", {"q": "modem", "explain": "1"}).content.decode()

    assert "Why here" not in as_customer.content.decode()
    assert "Why this order?" not in as_customer.content.decode()
    assert "Why this order?" in offered
    assert "Why here" in explained
    assert "Words (BM25F)" in explained
    assert "Words and meaning rank together" in explained


def test_the_api_names_the_suggestion_and_recommended_results(
    client, manager, indexed_thread
):
    thread = indexed_thread("Voicemail greeting", "Record a new one.")
    promote_thread(query="voicemail", thread=thread, by=manager)

    misspelt = client.get("/api/v1/search/", {"q": "voicemial"}).json()
    promoted = client.get("/api/v1/search/", {"q": "voicemail"}).json()

    assert misspelt["suggestion"] == "voicemail"
    assert promoted["suggestion"] == ""
    assert promoted["results"][0]["recommended"] is True
