import pytest

pytestmark = pytest.mark.django_db


def test_the_api_base_address_answers_with_its_index(client, settings):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    index = response.json()
    assert index["docs"] == f"{settings.SITE_URL}/api/v1/docs/"
    assert index["schema"] == f"{settings.SITE_URL}/api/v1/schema/"
    assert index["endpoints"]["threads"] == f"{settings.SITE_URL}/api/v1/threads/"
    assert index["endpoints"]["search"] == f"{settings.SITE_URL}/api/v1/search/"


def test_every_link_in_the_api_index_leads_somewhere(client, manager, settings):
    client.force_login(manager)
    index = client.get("/api/v1/").json()

    for url in [index["docs"], index["schema"], *index["endpoints"].values()]:
        path = url.removeprefix(settings.SITE_URL)
        assert client.get(path).status_code == 200, path


def test_the_api_index_names_its_docs_in_a_link_header(client, settings):
    response = client.get("/api/v1/")

    assert response["Link"] == f'<{settings.SITE_URL}/api/v1/docs/>; rel="service-doc"'
