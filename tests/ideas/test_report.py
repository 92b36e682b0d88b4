import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.ideas.models import Idea, IdeaVote
from tests.factories import IdeaBoardFactory, IdeaFactory
from tests.ideas.staff_support import idea_with_votes

pytestmark = [pytest.mark.django_db]

URL = "/reports/ideas/"


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_managers_read_the_idea_report(client, manager):
    idea_with_votes(3, title="Pay my bill by text message")
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Pay my bill by text message" in response.content.decode()


@pytest.mark.parametrize("role", ["customer", "moderator"])
def test_other_members_may_not_read_it(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(URL + "top.csv").status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_reports_navigation_links_the_idea_report(client, manager):
    client.force_login(manager)

    response = client.get("/reports/community/")

    assert 'href="/reports/ideas/' in response.content.decode()


def test_top_ideas_are_ordered_by_votes_without_hidden_or_merged_ones(client, manager):
    few = idea_with_votes(1, title="Few votes for this one")
    many = idea_with_votes(3, title="Many votes for this one")
    idea_with_votes(5, title="Hidden idea with votes", is_hidden=True)
    idea_with_votes(4, title="Merged idea with votes", status="duplicate")
    client.force_login(manager)

    top = client.get(URL).context["top"]

    assert top == [many, few]


def test_trending_counts_only_votes_cast_in_the_period(client, manager):
    old = idea_with_votes(4, title="Old favourite idea")
    IdeaVote.objects.filter(idea=old).update(created_at=_days_ago(60))
    fresh = idea_with_votes(2, title="This week's favourite")
    client.force_login(manager)

    trending = client.get(URL, {"period": "7"}).context["trending"]

    assert trending == [fresh]
    assert trending[0].period_votes == 2


def test_ideas_without_a_staff_response_after_n_days(client, manager):
    waiting = IdeaFactory(created_at=_days_ago(20))
    IdeaFactory(created_at=_days_ago(3))
    IdeaFactory(created_at=_days_ago(30), first_response_at=_days_ago(29))
    client.force_login(manager)

    assert client.get(URL).context["unanswered"] == [waiting]
    assert len(client.get(URL, {"days": "2"}).context["unanswered"]) == 2


@pytest.mark.parametrize("days", ["0", "366", "abc", "-1"])
def test_a_bad_number_of_days_is_a_clear_error(client, manager, days):
    client.force_login(manager)

    response = client.get(URL, {"days": days})

    assert response.status_code == 400
    assert "days" in response.content.decode()
    assert client.get(URL + "top.csv", {"days": days}).status_code == 400


def test_delivered_ideas_in_the_period(client, manager):
    recent = IdeaFactory(status="delivered", status_changed_at=_days_ago(2))
    IdeaFactory(status="delivered", status_changed_at=_days_ago(100))
    client.force_login(manager)

    assert client.get(URL, {"period": "30"}).context["delivered"] == [recent]


def test_counts_per_status(client, manager):
    IdeaFactory.create_batch(2)
    IdeaFactory(status="planned")
    IdeaFactory(status="planned", is_hidden=True)
    client.force_login(manager)

    statuses = dict(client.get(URL).context["statuses"])

    assert statuses["New"] == 2
    assert statuses["Planned"] == 1
    assert statuses["Delivered"] == 0


def test_an_idea_board_filter_narrows_every_table(client, manager):
    board = IdeaBoardFactory()
    mine = idea_with_votes(1, board=board)
    idea_with_votes(2)
    client.force_login(manager)

    response = client.get(URL, {"idea_board": board.pk})

    assert response.context["top"] == [mine]
    assert dict(response.context["statuses"])["New"] == 1


def test_a_forum_board_from_another_report_s_link_is_ignored(client, manager):
    idea_with_votes(1)
    client.force_login(manager)

    response = client.get(URL, {"period": "30", "board": "999"})

    assert response.status_code == 200
    assert len(response.context["top"]) == 1


def test_each_table_downloads_as_csv(client, manager):
    idea_with_votes(2, title="=HYPERLINK(1) idea title")
    client.force_login(manager)

    for table in ("top", "trending", "unanswered", "delivered", "statuses"):
        response = client.get(URL + f"{table}.csv")
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")

    rows = _rows(client.get(URL + "top.csv"))
    assert rows[0] == ["id", "title", "board", "status", "votes"]
    # Formulas are neutralised for spreadsheets.
    assert rows[1][1] == "'=HYPERLINK(1) idea title"
    assert rows[1][4] == "2"


def test_an_unknown_csv_table_is_a_404(client, manager):
    client.force_login(manager)

    assert client.get(URL + "nonsense.csv").status_code == 404


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"days": "1"}).status_code == 200
    return len(captured)


def test_the_report_query_count_does_not_grow_with_ideas(client, manager):
    client.force_login(manager)

    def make(count):
        for n in range(count):
            idea = idea_with_votes(1, created_at=_days_ago(5))
            Idea.objects.filter(pk=idea.pk).update(
                status="delivered" if n % 2 else "new",
                status_changed_at=timezone.now() if n % 2 else None,
            )

    make(1)
    _queries(client)  # warm the per-process caches (site settings, sessions)
    one = _queries(client)
    make(19)
    twenty = _queries(client)

    assert one == twenty
    assert len(client.get(URL, {"days": "1"}).context["top"]) == 20
