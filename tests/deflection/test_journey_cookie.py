import pytest
from django.contrib.sessions.models import Session

from forum.deflection.models import JourneyEvent
from forum.deflection.services import journey_store
from forum.search import index_thread
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"


def test_an_anonymous_search_keeps_its_journey_in_a_cookie_not_a_session(client):
    index_thread(ThreadFactory(title="Modem keeps rebooting").pk)

    response = client.get("/search/", {"q": "modem"}, HTTP_USER_AGENT=BROWSER)

    assert not Session.objects.exists()
    cookie = response.cookies[journey_store.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert JourneyEvent.objects.count() == 1


def test_the_next_search_continues_the_same_journey(client):
    client.get("/search/", {"q": "modem"}, HTTP_USER_AGENT=BROWSER)
    client.get("/search/", {"q": "roaming charges"}, HTTP_USER_AGENT=BROWSER)

    assert JourneyEvent.objects.values("journey_id").distinct().count() == 1


def test_a_forged_cookie_is_ignored_and_a_new_journey_starts(client):
    client.cookies[journey_store.COOKIE_NAME] = '{"visitor": "x", "id": "forged"}'

    client.get("/search/", {"q": "modem"}, HTTP_USER_AGENT=BROWSER)

    assert JourneyEvent.objects.get().journey_id != "forged"


def test_pages_that_record_nothing_set_no_cookie(client):
    response = client.get("/")

    assert journey_store.COOKIE_NAME not in response.cookies
