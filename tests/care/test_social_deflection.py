"""Social deflections in the deflection report: care cases answered with a link
to community content count in a "Social care" section of their own, on the page,
in CSV and in the API, and the web journeys' figures stay exactly as they were."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from forum import services
from forum.care.models import Case, CaseMessage
from forum.care.services.cases import reply_to_case
from forum.deflection.models import DailyBoardStats, DeflectionSettings
from tests.factories import (
    AgentFactory,
    ArticleFactory,
    BoardFactory,
    ConnectorFactory,
    UserFactory,
    make_case,
)

pytestmark = pytest.mark.django_db

URL = "/reports/deflection/"
API = "/api/v1/reports/deflection/"


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def cost():
    settings = DeflectionSettings.load()
    settings.cost_per_contact = Decimal("12.50")
    settings.currency = "AUD"
    settings.save()
    return settings.cost_per_contact


@pytest.fixture
def web_journeys():
    """A week of web journeys in the daily aggregates."""
    board = BoardFactory()
    today = timezone.localdate()
    for n in range(3):
        DailyBoardStats.objects.create(
            day=today - timedelta(days=n),
            board=board,
            journeys=10,
            searched_journeys=8,
            searches=12,
            deflected=5,
            engaged=3,
            confirmed=1,
            tickets=3,
            visitors=9,
            ticket_visitors=3,
        )


@pytest.fixture
def answers():
    thread = services.create_thread(
        board=BoardFactory(),
        author=UserFactory(),
        title="nbn drops out every evening",
        body="Ask for a line test.",
    )
    return thread, ArticleFactory(state="published", title="Set up voicemail")


def _answered(network, *, thread=None, article=None, days_ago=0):
    """A case on ``network`` answered by an agent, with a community link when
    ``thread`` or ``article`` is given, ``days_ago`` days back."""
    case = make_case(connector=ConnectorFactory(network=network))
    message = reply_to_case(
        case, by=AgentFactory(), text="Here you go.", thread=thread, article=article
    )
    if days_ago:
        when = timezone.now() - timedelta(days=days_ago)
        CaseMessage.objects.filter(pk=message.pk).update(sent_at=when)
        linked = Case.objects.filter(answered_with_community_at__isnull=False)
        linked.filter(pk=case.pk).update(answered_with_community_at=when)
    return case


@pytest.fixture
def social_week(answers):
    thread, article = answers
    _answered("twitter", thread=thread)
    _answered("twitter", thread=thread)
    _answered("email", article=article)
    _answered("facebook")  # answered, but with no community link
    _answered("facebook", thread=thread, days_ago=10)  # the week before


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_social_deflections_are_counted_by_network_with_their_savings(
    manager_client, cost, social_week
):
    social = manager_client.get(URL, {"period": "7"}).context["social"]

    assert social.deflections == 3
    assert social.savings == cost * 3
    assert [(row["network"], row["deflections"]) for row in social.by_network] == [
        ("twitter", 2),
        ("email", 1),
    ]
    assert social.change.direction == "up"


def test_the_answers_agents_used_most_come_first(manager_client, answers, social_week):
    thread, article = answers

    social = manager_client.get(URL, {"period": "7"}).context["social"]

    assert [(row["kind"], row["id"], row["cases"]) for row in social.answers] == [
        ("thread", thread.pk, 2),
        ("article", article.pk, 1),
    ]


def test_the_web_journey_figures_do_not_change_with_social_deflections(
    manager_client, cost, web_journeys, answers
):
    before = manager_client.get(API, {"period": "7"}).json()
    thread, article = answers
    _answered("twitter", thread=thread)
    _answered("email", article=article)

    after = manager_client.get(API, {"period": "7"}).json()

    assert before["social_care"]["deflections"] == 0
    assert after["social_care"]["deflections"] == 2
    for web in ("summary", "changes", "trend", "deflecting_threads", "health"):
        assert after[web] == before[web], web
    assert after["summary"]["deflected"] == 15
    assert after["summary"]["savings"]["deflected"] == 187.5


def test_the_page_shows_social_care_apart_from_the_web_journeys(
    manager_client, cost, web_journeys, social_week
):
    response = manager_client.get(URL, {"period": "7"})

    page = response.content.decode()
    assert response.context["summary"]["deflected"] == 15
    social = page[page.index('id="social-heading"') :]
    web = page[: page.index('id="social-heading"')]
    assert "Social deflections" in social and "X (Twitter)" in social
    assert "$37.50" in social
    assert "nbn drops out every evening" in social
    assert "Social deflections" not in web


def test_the_social_care_tables_download_as_csv(manager_client, cost, social_week):
    networks = manager_client.get(f"{URL}social-networks.csv", {"period": "7"})
    used = manager_client.get(f"{URL}social-answers.csv", {"period": "7"})

    assert _rows(networks) == [
        ["network", "social deflections", "estimated savings"],
        ["X (Twitter)", "2", "25.00"],
        ["E-mail", "1", "12.50"],
    ]
    assert _rows(used)[1][0::3] == ["thread", "2"]
    assert _rows(used)[2][0::3] == ["article", "1"]


def test_a_hostile_answer_title_is_neutralised_in_csv(manager_client, answers):
    thread, _ = answers
    type(thread).objects.filter(pk=thread.pk).update(title="=HYPERLINK(evil)")
    _answered("twitter", thread=thread)

    used = manager_client.get(f"{URL}social-answers.csv", {"period": "7"})

    assert _rows(used)[1][2] == "'=HYPERLINK(evil)"


def test_the_api_gives_the_social_care_section(manager_client, cost, social_week):
    data = manager_client.get(API, {"period": "7"}).json()["social_care"]

    assert data["deflections"] == 3
    assert data["savings"] == 37.5
    assert [row["network"] for row in data["by_network"]] == ["twitter", "email"]
    assert data["answers"][0]["url"].startswith("/t/")
    assert data["change"]["direction"] == "up"


def test_an_empty_period_has_no_social_deflections(manager_client):
    response = manager_client.get(URL, {"period": "7"})

    assert response.context["social"].deflections == 0
    assert "No case was answered with community content" in response.content.decode()


def test_agents_do_not_read_the_deflection_report(client, social_week):
    client.force_login(AgentFactory())

    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}social-networks.csv").status_code == 403
