"""The review interval is edited in the settings area's site form."""

import pytest

from forum.console import conf

pytestmark = pytest.mark.django_db

VALID = {
    "site_name": "Crowd support",
    "brand_colour": "",
    "link_colour": "",
    "home_message": "",
    "first_response_target_minutes": "",
    "cost_per_contact": "12.00",
    "currency": "AUD",
}


def test_the_review_interval_defaults_to_180_days():
    assert conf.article_review_days() == 180


def test_a_manager_sets_the_review_interval(client, manager):
    client.force_login(manager)
    assert b'name="article_review_days"' in client.get("/manage/").content

    response = client.post("/manage/site/", {**VALID, "article_review_days": "90"})

    assert response.status_code == 302
    assert conf.article_review_days() == 90


def test_an_empty_interval_keeps_the_default(client, manager):
    client.force_login(manager)
    client.post("/manage/site/", {**VALID, "article_review_days": ""})
    assert conf.article_review_days() == 180


@pytest.mark.parametrize("value", ["0", "4000", "soon"])
def test_a_bad_interval_is_a_form_error_and_changes_nothing(client, manager, value):
    client.force_login(manager)

    response = client.post("/manage/site/", {**VALID, "article_review_days": value})

    assert response.status_code == 400
    assert b"field-invalid" in response.content
    assert conf.article_review_days() == 180
