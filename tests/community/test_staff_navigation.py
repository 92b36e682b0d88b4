"""The header leads staff to their pages: "Reports", "Moderation" and "Settings",
each shown only to whoever may open it, and each link opens for them."""

import pytest

pytestmark = pytest.mark.django_db

LINKS = {
    "Reports": 'class="reports-link" href="/reports/"',
    "Moderation": 'class="moderation-link"',
    "Settings": 'class="settings-link" href="/manage/"',
}


def header_links(client, user) -> set[str]:
    client.force_login(user)
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    return {name for name, marker in LINKS.items() if marker in header}


def test_a_customer_sees_no_staff_links(client, customer):
    assert header_links(client, customer) == set()


def test_a_moderator_sees_moderation_only(client, moderator):
    assert header_links(client, moderator) == {"Moderation"}


def test_a_manager_sees_reports_and_settings(client, manager):
    assert header_links(client, manager) == {"Reports", "Settings"}


def test_an_administrator_sees_all_three(client, administrator):
    assert header_links(client, administrator) == {"Reports", "Moderation", "Settings"}


def test_a_visitor_sees_no_staff_links(client):
    html = client.get("/").content.decode()
    assert not any(marker in html for marker in LINKS.values())


@pytest.mark.parametrize("path", ["/reports/", "/manage/"])
def test_the_managers_links_open_for_a_manager(client, manager, path):
    client.force_login(manager)

    response = client.get(path, follow=True)

    assert response.status_code == 200
