"""The care report: its figures against a scenario worked out by hand, its page,
CSV downloads, permissions and query count."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.care.models import Case, CaseMessage, Direction
from forum.care.reports.figures import CareReportFilter, care_report
from tests.factories import (
    AgentFactory,
    ConnectorFactory,
    ThreadFactory,
    UserFactory,
    make_case,
)

pytestmark = [pytest.mark.django_db]

URL = "/reports/care/"
SYDNEY = ZoneInfo("Australia/Sydney")
PERIOD = CareReportFilter(start=date(2026, 11, 2), end=date(2026, 11, 5))
# "Now" for the scenario: the last day of the period, at noon.
NOW = datetime(2026, 11, 5, 12, 0, tzinfo=SYDNEY)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, Sydney time (summer: UTC+11)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SYDNEY)


def _case(connector, opened, *, first=None, resolved=None, agent=None, status="open"):
    """A case opened at ``opened``, first answered ``first`` minutes later by
    ``agent`` (an outbound message), resolved ``resolved`` minutes after opening;
    due an hour after opening for the first response, eight hours for resolution."""
    case = make_case(connector=connector, opened_at=opened)
    fields = {
        "first_response_due": opened + timedelta(minutes=60),
        "resolution_due": opened + timedelta(minutes=480),
        "status": "resolved" if resolved is not None else status,
        "assignee": agent,
    }
    if first is not None:
        fields["first_response_at"] = opened + timedelta(minutes=first)
        _reply(case, agent, fields["first_response_at"])
    if resolved is not None:
        fields["resolved_at"] = opened + timedelta(minutes=resolved)
    Case.objects.filter(pk=case.pk).update(**fields)
    return case


def _reply(case, agent, when, **links):
    return CaseMessage.objects.create(
        case=case,
        connector=case.connector,
        direction=Direction.OUTBOUND,
        agent=agent,
        text="Sorry to hear that; here is what to do.",
        sent_at=when,
        received_at=when,
        **links,
    )


@pytest.fixture
def scenario(db):
    """Eight cases in the period (and two outside it), by two agents:

    case network  opened       first resp.  resolved    notes
    1    twitter  2 Nov 09:00  +10 (met)    +120 (met)  community link
    2    twitter  2 Nov 10:00  +30 (met)    +600 (late) two replies
    3    twitter  2 Nov 23:30  +45 (met)    +200 (met)  answered after midnight
    4    facebook 3 Nov 08:00  +90 (late)   no (due passed)
    5    facebook 3 Nov 12:00  +5 (met)     +60 (met)   community link
    6    email    4 Nov 09:00  none (due passed) none (due passed)
    7    email    4 Nov 14:00  +240 (late)  +300 (met)
    8    twitter  5 Nov 11:30  none (due 12:30, ahead of noon) none (ahead)
    """
    twitter = ConnectorFactory(network="twitter")
    facebook = ConnectorFactory(network="facebook")
    email = ConnectorFactory(network="email")
    alice = AgentFactory(username="alice", display_name="Alice Agent")
    bob = AgentFactory(username="bob", display_name="Bob Agent")
    c1 = _case(twitter, at(2, 9), first=10, resolved=120, agent=alice)
    Case.objects.filter(pk=c1.pk).update(answered_with_community_at=at(2, 9, 10))
    c2 = _case(twitter, at(2, 10), first=30, resolved=600, agent=alice)
    _reply(c2, alice, at(2, 19))
    _case(twitter, at(2, 23, 30), first=45, resolved=200, agent=alice)
    _case(facebook, at(3, 8), first=90, agent=bob)
    c5 = _case(facebook, at(3, 12), first=5, resolved=60, agent=bob)
    Case.objects.filter(pk=c5.pk).update(answered_with_community_at=at(3, 12, 5))
    _case(email, at(4, 9), status="new")
    _case(email, at(4, 14), first=240, resolved=300, agent=bob)
    _case(twitter, at(5, 11, 30), agent=alice)
    # Outside the period on either side: counted nowhere but in workload.
    _case(twitter, at(1, 23, 59), first=1)
    _case(facebook, at(6, 0, 0), first=1)
    return {"alice": alice, "bob": bob}


def test_the_figures_match_the_scenario_worked_out_by_hand(scenario):
    summary = care_report(PERIOD, now=NOW)["summary"]

    assert summary["cases"] == 8
    # Cases 1, 2, 3, 4, 5 and 7 have an agent's reply: 6 of 8.
    assert summary["response_rate"] == 6 / 8
    # First responses in minutes, sorted: 5, 10, 30, 45, 90, 240.
    # Median of six: the mean of the 3rd and 4th, (30 + 45) / 2 = 37.5.
    # 90th percentile by nearest rank: rank ceil(0.9 x 6) = 6, so 240.
    assert summary["median_first_response"] == timedelta(minutes=37.5)
    assert summary["p90_first_response"] == timedelta(minutes=240)
    # Resolutions in minutes, sorted: 60, 120, 200, 300, 600.
    # Median of five: the 3rd, 200. Nearest rank ceil(0.9 x 5) = 5: 600.
    assert summary["median_resolution"] == timedelta(minutes=200)
    assert summary["p90_resolution"] == timedelta(minutes=600)
    # First response met: 1, 2, 3, 5; missed: 4 and 7 (late), 6 (never, due
    # passed); case 8 is due after "now" and counts in neither: 4 / 7.
    assert (summary["first_met"], summary["first_missed"]) == (4, 3)
    assert summary["first_within_target"] == 4 / 7
    # Resolution met: 1, 3, 5, 7; missed: 2 (late), 4 and 6 (unresolved, due
    # passed); case 8 still has time: 4 / 7.
    assert (summary["resolution_met"], summary["resolution_missed"]) == (4, 3)
    assert summary["resolution_within_target"] == 4 / 7
    # Same Sydney day: 1, 2, 4, 5, 7. Case 3 was answered at 00:15 the next
    # day (the same UTC day); 6 and 8 have no response: 5 / 8.
    assert summary["same_day_rate"] == 5 / 8
    assert summary["community"] == 2


def test_volume_and_rates_by_channel(scenario):
    channels = {row["network"]: row for row in care_report(PERIOD, now=NOW)["channels"]}

    assert {name: row["cases"] for name, row in channels.items()} == {
        "twitter": 4,
        "facebook": 2,
        "email": 2,
    }
    assert channels["twitter"]["response_rate"] == 3 / 4
    assert channels["facebook"]["first_within_target"] == 1 / 2
    assert channels["email"]["response_rate"] == 1 / 2
    assert channels["facebook"]["community"] == 1


def test_one_channel_narrows_every_figure(scenario):
    facebook = CareReportFilter(start=PERIOD.start, end=PERIOD.end, network="facebook")

    report = care_report(facebook, now=NOW)

    assert report["summary"]["cases"] == 2
    assert report["summary"]["median_first_response"] == timedelta(minutes=47.5)
    assert [row["network"] for row in report["channels"]] == ["facebook"]
    # Bob's facebook replies only, but what he holds across channels counts
    # only on facebook too.
    assert [(u.username, u.replies) for u in report["workload"]] == [("bob", 2)]


def test_agent_workload_counts_what_each_agent_holds_resolved_and_sent(scenario):
    workload = care_report(PERIOD, now=NOW)["workload"]

    # Alice holds case 8, resolved 1, 2 and 3, and sent four replies; Bob holds
    # case 4, resolved 5 and 7, and sent three.
    assert [(u.username, u.open_now, u.resolved, u.replies) for u in workload] == [
        ("alice", 1, 3, 4),
        ("bob", 1, 2, 3),
    ]


def test_the_daily_trend_counts_cases_opened_and_answered_within_target(scenario):
    daily = care_report(PERIOD, now=NOW)["daily"]

    assert [(row["day"].day, row["opened"], row["within"]) for row in daily] == [
        (2, 3, 3),
        (3, 2, 1),
        (4, 2, 0),
        (5, 1, 0),
    ]


def test_community_content_lists_the_answers_linked_in_replies(db):
    thread = ThreadFactory(title="NBN drops out every evening")
    case = make_case(opened_at=timezone.now() - timedelta(hours=2))
    other = make_case(opened_at=timezone.now() - timedelta(hours=1))
    for each in (case, other):
        _reply(each, None, timezone.now(), linked_thread=thread)
    today = timezone.localdate()

    content = care_report(CareReportFilter(start=today, end=today))["content"]

    assert [(row["linked_thread__title"], row["cases"]) for row in content] == [
        ("NBN drops out every evening", 2)
    ]


def test_an_empty_period_has_no_figures_to_divide(db):
    report = care_report(PERIOD, now=NOW)

    assert report["summary"]["cases"] == 0
    assert report["summary"]["response_rate"] is None
    assert report["summary"]["median_first_response"] is None
    assert report["summary"]["p90_resolution"] is None
    assert report["summary"]["first_within_target"] is None
    assert report["channels"] == []
    assert [row["opened"] for row in report["daily"]] == [0, 0, 0, 0]
    assert report["chart"].is_empty


# --- the page ----------------------------------------------------------------------


def _custom(**more) -> dict:
    return {"period": "custom", "start": "2026-11-02", "end": "2026-11-05", **more}


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_managers_read_the_care_report(client, manager, scenario):
    client.force_login(manager)

    response = client.get(URL, _custom())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Social care report" in page
    assert "Alice Agent" in page
    assert response.context["summary"]["cases"] == 8


@pytest.mark.parametrize("who", ["agent", "customer", "moderator"])
def test_agents_customers_and_moderators_may_not_read_it(client, request, who):
    user = AgentFactory() if who == "agent" else request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert client.get(URL + "headlines.csv").status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_reports_navigation_links_the_care_report(client, manager):
    client.force_login(manager)

    response = client.get("/reports/community/")

    assert 'href="/reports/care/' in response.content.decode()


def test_an_empty_period_shows_dashes_and_no_tables(client, manager):
    client.force_login(manager)

    response = client.get(URL, _custom())

    assert response.status_code == 200
    page = response.content.decode()
    assert "No cases were opened in this period." in page
    assert "No agent held, resolved or answered a case in this period." in page


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"network": "myspace"}, "channel"),
        ({"period": "custom", "start": "2026-11-05", "end": "2026-11-01"}, "start"),
        ({"period": "12"}, "period"),
    ],
)
def test_bad_filters_are_a_clear_400(client, manager, params, field):
    client.force_login(manager)

    response = client.get(URL, params)

    assert response.status_code == 400
    assert field in response.content.decode().lower()
    assert client.get(URL + "channels.csv", params).status_code == 400


def test_a_forum_board_from_another_report_s_link_is_ignored(client, manager):
    client.force_login(manager)

    response = client.get(URL, {"period": "30", "board": "999"})

    assert response.status_code == 200
    assert 'href="/reports/search/?period=30"' in response.content.decode()


def test_the_channel_filter_narrows_the_page(client, manager, scenario):
    client.force_login(manager)

    response = client.get(URL, _custom(network="email"))

    assert response.context["summary"]["cases"] == 2
    assert "E-mail" in response.content.decode()


def test_each_table_downloads_as_csv(client, manager, scenario):
    client.force_login(manager)

    for table in ("headlines", "channels", "daily", "workload", "community"):
        response = client.get(URL + f"{table}.csv", _custom())
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")
    assert client.get(URL + "nonsense.csv", _custom()).status_code == 404


def test_the_headline_csv_gives_rates_in_percent_and_waits_in_minutes(
    client, manager, scenario
):
    client.force_login(manager)

    rows = dict(_rows(client.get(URL + "headlines.csv", _custom()))[1:])

    assert rows["cases opened"] == "8"
    assert rows["cases with a reply"] == "6"
    assert rows["median time to first response (min)"] == "37.5"
    assert rows["90th percentile time to first response (min)"] == "240.0"
    assert rows["median time to resolution (min)"] == "200.0"
    assert rows["same-day response rate (%)"] == "62.5"
    assert rows["answered with community content"] == "2"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, manager):
    agent = AgentFactory(username="sneaky", display_name="=HYPERLINK(1)")
    case = make_case(opened_at=timezone.now())
    _reply(case, agent, timezone.now())
    client.force_login(manager)

    rows = _rows(client.get(URL + "workload.csv"))

    assert rows[0] == [
        "agent",
        "name",
        "open now",
        "resolved in period",
        "replies in period",
    ]
    assert rows[1] == ["sneaky", "'=HYPERLINK(1)", "0", "0", "1"]


def test_untrusted_names_are_escaped_on_the_page(client, manager):
    agent = AgentFactory(display_name="<script>alert(1)</script>")
    _reply(make_case(opened_at=timezone.now()), agent, timezone.now())
    client.force_login(manager)

    page = client.get(URL).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# The signed-in user, then the report's six: channels, the two waits, the daily
# trend, workload and community content.
PAGE_QUERIES = 7


def captured_sql(client) -> str:
    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    return "\n".join(query["sql"][:120] for query in captured.captured_queries)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_report_query_count_does_not_grow_with_cases(client, manager):
    client.force_login(manager)
    thread = ThreadFactory()

    def make(count):
        for n in range(count):
            agent = UserFactory(role="agent")
            case = make_case(opened_at=timezone.now() - timedelta(hours=n))
            _reply(case, agent, timezone.now(), linked_thread=thread if n % 2 else None)

    make(1)
    _queries(client)  # warm the per-process caches (site settings, sessions)
    one = _queries(client)
    make(19)
    twenty = _queries(client)

    assert one == twenty == PAGE_QUERIES, captured_sql(client)
    assert client.get(URL).context["summary"]["cases"] == 20


# --- the API -----------------------------------------------------------------------

API_URL = "/api/v1/reports/care/"


def test_the_api_gives_the_page_s_figures(client, manager, scenario):
    client.force_login(manager)

    response = client.get(API_URL, _custom())

    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-11-02"
    assert body["summary"]["cases"] == 8
    assert body["summary"]["median_first_response_minutes"] == 37.5
    assert body["summary"]["p90_resolution_minutes"] == 600
    assert body["summary"]["same_day_rate"] == 5 / 8
    assert {row["network"]: row["cases"] for row in body["channels"]} == {
        "twitter": 4,
        "facebook": 2,
        "email": 2,
    }
    assert [row["username"] for row in body["workload"]] == ["alice", "bob"]
    assert len(body["daily"]) == 4


def test_the_api_is_for_managers_only(client):
    assert client.get(API_URL).status_code in (401, 403)
    client.force_login(AgentFactory())

    assert client.get(API_URL).status_code == 403


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"network": "myspace"}, "network"),
        ({"network": ""}, "network"),
        ({"period": ""}, "period"),
    ],
)
def test_the_api_names_the_bad_filter(client, manager, params, field):
    client.force_login(manager)

    response = client.get(API_URL, params)

    assert response.status_code == 400
    assert field in response.json()
