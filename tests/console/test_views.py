"""The settings area's pages, the brand stylesheet and images, and the home page's
message and featured boards: wiring, errors, query counts, cached pages."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.console import conf, services
from forum.console.models import SiteSettings
from forum.deflection.models import DeflectionSettings
from forum.models import Board
from tests.console.images import image_bytes, upload
from tests.factories import BoardFactory

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


def _queries(client, url) -> int:
    cache.clear()  # every count from cold, the worst case
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "status"), [("customer", 403), ("moderator", 403), ("manager", 200)]
)
def test_the_settings_area_is_for_managers_and_administrators(
    client, request, role, status
):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/manage/").status_code == status
    assert client.get("/manage/boards/").status_code == status


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/manage/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_manager_sees_the_site_form_but_not_the_moderation_thresholds(
    client, manager
):
    client.force_login(manager)
    page = client.get("/manage/").content.decode()
    assert 'action="/manage/site/"' in page
    assert 'action="/manage/moderation/"' not in page


def test_an_administrator_sees_both_forms(client, administrator):
    client.force_login(administrator)
    page = client.get("/manage/").content.decode()
    assert 'action="/manage/site/"' in page
    assert 'action="/manage/moderation/"' in page


def test_saving_the_site_form_changes_the_name_on_the_next_page(client, manager):
    client.force_login(manager)
    response = client.post(
        "/manage/site/",
        {**VALID, "site_name": "Telco helpers", "brand_colour": "#123456"},
    )
    assert response.status_code == 302
    assert (
        "<title>Community home · Telco helpers</title>"
        in client.get("/").content.decode()
    )


def test_an_unreadable_colour_is_refused_on_the_form_and_nothing_changes(
    client, manager
):
    client.force_login(manager)
    response = client.post("/manage/site/", {**VALID, "brand_colour": "#5a7cac"})
    assert response.status_code == 400
    assert "Neither white nor black text can be read" in response.content.decode()
    assert not SiteSettings.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site_name", "", "The site needs a name."),
        ("cost_per_contact", "-3", "The cost of a contact cannot be below zero."),
        ("first_response_target_minutes", "0", "at least 1 minute"),
        ("currency", "dollars", "three-letter ISO code"),
    ],
)
def test_bad_input_gets_a_form_error_and_changes_nothing(
    client, manager, field, value, message
):
    client.force_login(manager)
    cost_before = DeflectionSettings.load().cost_per_contact
    response = client.post("/manage/site/", {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SiteSettings.objects.exists()
    assert DeflectionSettings.load().cost_per_contact == cost_before


def test_a_renamed_text_file_is_refused_on_the_form(client, manager):
    client.force_login(manager)
    response = client.post(
        "/manage/site/", {**VALID, "logo": upload("logo.png", b"plain text " * 20)}
    )
    assert response.status_code == 400
    assert "not an image we can read" in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_an_uploaded_logo_shows_in_the_header_and_is_served(client, manager):
    client.force_login(manager)
    client.post("/manage/site/", {**VALID, "logo": upload("brand.png")})

    url = conf.branding()["SITE_LOGO_URL"]
    assert f'<img class="brand-logo" src="{url}"' in client.get("/").content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == image_bytes()
    assert "immutable" in response["Cache-Control"]


def test_no_logo_is_a_404(client):
    assert client.get("/manage/brand/logo").status_code == 404
    assert client.get("/manage/brand/anything").status_code == 404


def test_the_brand_stylesheet_carries_the_colours(client, manager):
    services.update_site_settings(
        by=manager, values={"brand_colour": "#ffd200", "link_colour": "#0b5cad"}
    )
    url = conf.branding()["BRAND_CSS_URL"]
    page = client.get("/").content.decode()
    assert f'<link rel="stylesheet" href="{url}">' in page

    response = client.get(url)
    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "--brand: #ffd200;" in css
    assert "--brand-contrast: #111418;" in css
    assert "--link: #0b5cad;" in css
    assert "--link-on-dark:" in css
    assert "immutable" in response["Cache-Control"]
    assert "immutable" not in client.get("/manage/brand.css?v=old")["Cache-Control"]


def test_a_change_reaches_a_page_already_cached_for_visitors(client, manager, board):
    first = client.get("/").content.decode()
    assert client.get("/").content.decode() == first  # served from the page cache
    services.update_site_settings(
        by=manager, values={"site_name": "Renamed", "home_message": "Welcome, all"}
    )
    page = client.get("/").content.decode()
    assert "· Renamed</title>" in page
    assert "Welcome, all" in page


def test_the_home_page_shows_the_featured_boards_that_are_listed(
    client, manager, board, other_board
):
    services.update_site_settings(
        by=manager, values={}, featured_boards=[board, other_board]
    )
    services.archive_board(other_board, by=manager)
    page = client.get("/").content.decode()
    featured = page.split('id="featured-boards-heading"')[1].split("</section>")[0]
    assert board.get_absolute_url() in featured
    assert other_board.get_absolute_url() not in featured


def test_the_moderation_form_saves_for_an_administrator(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/manage/moderation/",
        {"moderation_flags_to_hide": "4", "moderation_approval_first_posts": ""},
    )
    assert response.status_code == 302
    assert conf.moderation_flags_to_hide() == 4


def test_a_manager_may_not_post_the_moderation_form(client, manager):
    client.force_login(manager)
    response = client.post("/manage/moderation/", {"moderation_flags_to_hide": "9"})
    assert response.status_code == 403
    assert not SiteSettings.objects.exists()


def test_boards_are_created_moved_archived_and_restored_from_the_page(client, manager):
    client.force_login(manager)
    first = BoardFactory(position=0)
    assert (
        client.post(
            "/manage/boards/", {"name": "Devices", "kind": "questions"}
        ).status_code
        == 302
    )
    added = Board.objects.get(name="Devices")

    client.post(f"/manage/boards/{added.pk}/move/", {"direction": "up"})
    assert list(Board.objects.order_by("position")) == [added, first]
    client.post(f"/manage/boards/{added.pk}/archive/")
    added.refresh_from_db()
    assert added.is_archived
    client.post(f"/manage/boards/{added.pk}/restore/")
    added.refresh_from_db()
    assert not added.is_archived


def test_a_bad_move_is_a_message_not_an_error(client, manager, board):
    client.force_login(manager)
    response = client.post(
        f"/manage/boards/{board.pk}/move/", {"direction": "sideways"}
    )
    assert response.status_code == 302
    assert client.get("/manage/boards/").status_code == 200


def test_editing_a_board_renames_it(client, manager, board):
    client.force_login(manager)
    response = client.post(
        f"/manage/boards/{board.pk}/",
        {"name": "Internet", "description": "", "kind": "questions"},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.name == "Internet"


def test_an_empty_board_name_is_refused(client, manager, board):
    client.force_login(manager)
    response = client.post(
        f"/manage/boards/{board.pk}/", {"name": "", "kind": "questions"}
    )
    assert response.status_code == 400
    assert "A board needs a name." in response.content.decode()
    board.refresh_from_db()
    assert board.name == "NBN & Internet"


def test_the_boards_page_query_count_does_not_grow_with_boards(client, manager):
    client.force_login(manager)
    BoardFactory()
    with_one = _queries(client, "/manage/boards/")
    BoardFactory.create_batch(19)
    assert _queries(client, "/manage/boards/") == with_one


def test_the_settings_page_query_count_does_not_grow_with_boards(client, manager):
    client.force_login(manager)
    services.update_site_settings(
        by=manager, values={}, featured_boards=[BoardFactory()]
    )
    with_one = _queries(client, "/manage/")
    services.update_site_settings(
        by=manager, values={}, featured_boards=BoardFactory.create_batch(19)
    )
    assert _queries(client, "/manage/") == with_one


def test_the_home_page_query_count_does_not_grow_with_featured_boards(
    client, manager, uncached_pages
):
    services.update_site_settings(
        by=manager, values={}, featured_boards=[BoardFactory()]
    )
    with_one = _queries(client, "/")
    services.update_site_settings(
        by=manager, values={}, featured_boards=BoardFactory.create_batch(20)
    )
    assert _queries(client, "/") == with_one


def test_brand_stylesheet_costs_no_query_once_cached(client, manager):
    services.update_site_settings(by=manager, values={"brand_colour": "#0b5cad"})
    client.get("/manage/brand.css")
    with CaptureQueriesContext(connection) as captured:
        client.get("/manage/brand.css")
    assert len(captured) == 0


def test_the_featured_boards_are_a_group_named_by_its_legend(client, manager):
    BoardFactory(name="Mobile")
    client.force_login(manager)

    html = client.get("/manage/").content.decode()

    group = html.split('<fieldset class="field">', 1)[1].split("</fieldset>", 1)[0]
    assert "<legend>Featured boards on the home page</legend>" in group
    assert 'type="checkbox"' in group and "Mobile" in group
