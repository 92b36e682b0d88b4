"""The managers' report: who may see it, its numbers, CSV, filters, query count."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    DeflectionSettings,
)
from tests.deflection.conftest import Visitor, build
from tests.factories import ArticleFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/reports/deflection/"
# Pinned: a new query on the report page must be justified.
# One of them counts how the period's tickets matched (journey, identity, none);
# one reads the site settings (forum.console.conf), cached after a page; one reads
# the period before, for the tiles' changes; one ranks the three article tables.
# Two read the social care section live, beside the cached web numbers
# (forum.care.selectors_deflection): deflections by network with the period
# before, and the answers agents linked most.
SOCIAL_CARE_QUERIES = 2
REPORT_QUERIES_COLD = 20 + SOCIAL_CARE_QUERIES
SITE_SETTINGS_QUERIES = 1
REPORT_QUERIES_WARM = 4 + SOCIAL_CARE_QUERIES
# The manager's board-moderator records and certifications, and the header's unread
# notifications and conversations, cached after a page.
MEMBER_QUERIES = 4
# A standard period with its rollup built: two ranked tables and community health
# read from it instead of summed and counted (the member queries included), and
# the article tables read from it.
REPORT_QUERIES_FROM_ROLLUP = 17 + SOCIAL_CARE_QUERIES


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["customer", "moderator", "expert"])
def test_members_without_the_manager_role_get_403(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(URL + "top-queries.csv").status_code == 403


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_managers_and_administrators_see_the_report(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_empty_period_shows_a_helpful_empty_state(manager_client):
    response = manager_client.get(URL, {"period": "7"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "No support journeys in this period yet" in page
    assert "No searches in this period." in page


def test_the_tiles_show_the_hand_computed_numbers(
    manager_client, clock, board, settings
):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    thread = ThreadFactory(board=board, title="Fix NBN dropouts")
    found, clicked, ticket, quiet, viewed = (Visitor() for _ in range(5))
    found.search("nbn dropouts", thread)
    found.click(thread)
    found.says_yes(thread)
    clicked.search("nbn dropouts", thread)
    clicked.click(thread)
    ticket.search("refund")
    ticket.submits_ticket()
    quiet.search("esim", thread)
    viewed.search("apn", thread)
    viewed.view(thread)
    build(clock)

    response = manager_client.get(URL, {"period": "7"})

    summary = response.context["summary"]
    assert (summary["searched_journeys"], summary["deflected"], summary["tickets"]) == (
        5,
        4,
        1,
    )
    assert summary["deflection_rate"] == 0.8
    assert summary["engaged_rate"] == 0.6
    assert summary["confirmed_rate"] == 0.2
    assert summary["self_service_score"] == "5 : 1"
    assert summary["savings"]["deflected"] == 48  # 4 x 12.00
    page = response.content.decode()
    for text in ("80%", "60%", "20%", "5 : 1", "$48.00", "$36.00", "$12.00"):
        assert text in page, text
    assert "Fix NBN dropouts" in page
    assert "<svg" in page and "chart-bar series-good" in page
    assert "style=" not in page and "<script>" not in page


def test_estimated_savings_use_the_managers_cost_and_currency(manager_client, clock):
    today = timezone.localdate()
    DailyBoardStats.objects.create(
        day=today,
        journeys=10,
        searched_journeys=10,
        deflected=7,
        engaged=4,
        confirmed=2,
    )
    manager_client.post(
        URL + "settings/", {"cost_per_contact": "8.50", "currency": "eur"}
    )

    response = manager_client.get(URL, {"period": "7"})

    settings_row = DeflectionSettings.load()
    assert (str(settings_row.cost_per_contact), settings_row.currency) == (
        "8.50",
        "EUR",
    )
    page = response.content.decode()
    assert "EUR59.50" in page and "EUR34.00" in page and "EUR17.00" in page


def test_only_managers_may_change_the_cost(client, customer):
    client.force_login(customer)

    response = client.post(
        URL + "settings/", {"cost_per_contact": "1", "currency": "USD"}
    )

    assert response.status_code == 403
    assert DeflectionSettings.load().currency == "AUD"


def test_an_invalid_cost_is_not_saved(manager_client):
    manager_client.post(
        URL + "settings/", {"cost_per_contact": "-3", "currency": "dollars"}
    )

    assert DeflectionSettings.load().cost_per_contact == 12


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "2026-03-10", "end": "2026-03-01"},
        {"period": "custom", "start": "2026-13-45", "end": "2026-03-01"},
        {"period": "custom", "start": "2026-03-01"},
        {"period": "custom", "start": "1850-01-01", "end": "2026-03-01"},
        {"period": "365000"},
        {"board": "999999"},
        {"board": "abc"},
    ],
)
def test_invalid_filters_show_a_form_error_not_a_500(manager_client, params):
    response = manager_client.get(URL, params)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    csv_response = manager_client.get(URL + "top-queries.csv", params)
    assert csv_response.status_code == 400


def test_a_custom_period_and_a_board_filter_narrow_the_numbers(
    manager_client, board, other_board
):
    DailyBoardStats.objects.create(
        day=date(2026, 1, 5), board=board, searched_journeys=4, deflected=3
    )
    DailyBoardStats.objects.create(
        day=date(2026, 1, 5), board=other_board, searched_journeys=6, deflected=1
    )
    DailyBoardStats.objects.create(
        day=date(2026, 2, 5), board=board, searched_journeys=9, deflected=9
    )

    response = manager_client.get(
        URL,
        {
            "period": "custom",
            "start": "2026-01-01",
            "end": "2026-01-31",
            "board": board.pk,
        },
    )

    summary = response.context["summary"]
    assert (summary["searched_journeys"], summary["deflected"]) == (4, 3)
    assert len(response.context["trend"]) == 31


def test_the_tiles_and_the_api_say_each_change_in_the_same_words(manager_client):
    week = {"period": "custom", "start": "2026-01-08", "end": "2026-01-14"}
    DailyBoardStats.objects.create(
        day=date(2026, 1, 9),
        searched_journeys=10,
        deflected=8,
        tickets=2,
        visitors=10,
        ticket_visitors=2,
    )
    # The week before: a lower rate, more tickets, a lower score (2 : 1).
    DailyBoardStats.objects.create(
        day=date(2026, 1, 2),
        searched_journeys=10,
        deflected=5,
        tickets=5,
        visitors=10,
        ticket_visitors=5,
    )

    page = manager_client.get(URL, week).content.decode()
    api = manager_client.get("/api/v1/reports/deflection/", week).json()

    rate = "up 30 points from 50%, better"
    # Fewer tickets went down and are better: the words say both, not the colour.
    tickets = "down 3 (60%) from 5, better"
    assert 'class="tile-change change-better"' in page
    assert rate in page and tickets in page
    assert api["changes"]["deflection_rate"]["text"] == rate
    # The score and the savings (8 and 5 journeys at $12.00), as the e-mail has them.
    score, savings = "up 3 from 2 : 1, better", "up $36.00 (60%) from $60.00"
    assert score in page and savings in page
    assert api["changes"]["self_service_score"]["text"] == score
    assert api["changes"]["savings_deflected"]["text"] == f"{savings}, better"
    assert api["changes"]["tickets"] == {
        "direction": "down",
        "arrow": "↓",
        "text": tickets,
        "verdict": "better",
    }


def add_query(query, *, journeys=1, day=None, **counts):
    DailyQueryStats.objects.create(
        day=day or timezone.localdate(),
        query=query,
        journeys=journeys,
        searches=journeys,
        **counts,
    )


def test_queries_used_by_too_few_journeys_are_grouped_as_other(manager_client, db):
    add_query(
        "nbn dropouts",
        journeys=3,
        journeys_with_results=3,
        clicked_journeys=2,
        deflected=3,
    )
    add_query("my name is jo smith", journeys=2)
    add_query("another rare one", journeys=1)

    response = manager_client.get(URL)

    table = response.context["top_queries"]
    assert [row["query"] for row in table.rows] == ["nbn dropouts"]
    assert (table.other["queries"], table.other["journeys"]) == (2, 3)
    page = response.content.decode()
    assert "jo smith" not in page and "rare one" not in page
    assert "Other (2 queries used by fewer than 3 journeys)" in page


def test_the_threshold_counts_journeys_over_the_whole_period(manager_client, clock):
    today = timezone.localdate()
    add_query("esim", journeys=2, day=today)
    add_query("esim", journeys=1, day=today - timedelta(days=1))

    response = manager_client.get(URL, {"period": "7"})

    assert [row["query"] for row in response.context["top_queries"].rows] == ["esim"]


def test_content_gaps_list_zero_result_low_click_and_ticket_queries(
    manager_client, settings
):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    add_query("nothing here", zero_result_searches=1)
    add_query(
        "ignored results", journeys=5, journeys_with_results=5, clicked_journeys=1
    )
    add_query("well used", journeys=5, journeys_with_results=5, clicked_journeys=2)
    add_query(
        "led to calls",
        journeys=4,
        journeys_with_results=4,
        clicked_journeys=4,
        tickets=3,
    )

    context = manager_client.get(URL).context

    assert [r["query"] for r in context["zero_result_queries"].rows] == ["nothing here"]
    # 1 of 5 is 20%: at the threshold, so listed; 2 of 5 is 40%: not.
    assert [r["query"] for r in context["low_click_through_queries"].rows] == [
        "ignored results"
    ]
    assert [r["query"] for r in context["ticket_queries"].rows] == ["led to calls"]


def test_each_query_table_lists_at_most_twenty_queries(manager_client, settings):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    # The most searched queries find nothing least often, so the top table's
    # queries rank 21st and below among the zero-result ones.
    for n in range(25):
        add_query(f"query {n:02}", journeys=100 - n, zero_result_searches=n + 1)

    context = manager_client.get(URL).context

    top, zero = context["top_queries"].rows, context["zero_result_queries"].rows
    assert [row["query"] for row in top] == [f"query {n:02}" for n in range(20)]
    assert [row["query"] for row in zero] == [f"query {n:02}" for n in range(24, 4, -1)]


def test_csv_downloads_hold_the_table_and_neutralise_formulas(manager_client, settings):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    add_query('=HYPERLINK("http://x")', journeys=2, tickets=1)
    add_query("+1 plan", journeys=1)
    add_query("-sum(a1)", journeys=1)
    add_query("@cmd", journeys=1)
    add_query("\tsneaky", journeys=1)
    add_query("plain question", journeys=1)

    response = manager_client.get(URL + "top-queries.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = rows_of(response)
    assert rows[0][0] == "query"
    queries = {row[0] for row in rows[1:]}
    assert queries == {
        '\'=HYPERLINK("http://x")',
        "'+1 plan",
        "'-sum(a1)",
        "'@cmd",
        "'\tsneaky",
        "plain question",
    }
    first = next(row for row in rows if row[0].startswith("'="))
    assert first[1:] == ["2", "2", "0", "", "0.0", "1"]


def test_every_report_table_downloads(manager_client, clock, settings):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    thread = ThreadFactory(title="=cmd thread")
    DailyThreadStats.objects.create(
        day=timezone.localdate(),
        thread=thread,
        opened=3,
        deflected=2,
        failed=1,
        question_deflected=1,
    )
    DailyArticleStats.objects.create(
        day=timezone.localdate(),
        article=ArticleFactory(),
        opened=2,
        deflected=1,
        failed=1,
        helpful_yes=1,
    )
    from forum.deflection.selectors.dashboard import CSV_TABLES

    for name in CSV_TABLES:
        response = manager_client.get(f"{URL}{name}.csv", {"period": "30"})
        assert response.status_code == 200, name
        # Social care tables have rows once cases are answered
        # (tests/care/test_social_deflection.py).
        assert len(rows_of(response)) >= 2 or name.endswith(
            ("queries", "social-networks", "social-answers")
        ), name
    failed = rows_of(manager_client.get(URL + "failed-threads.csv"))
    assert failed[1][:2] == [str(thread.pk), "'=cmd thread"]


def test_an_unknown_csv_table_is_404(manager_client):
    assert manager_client.get(URL + "secrets.csv").status_code == 404


def test_thread_tables_rank_by_their_measure(manager_client, clock):
    top, second = (
        ThreadFactory(title="Top answer"),
        ThreadFactory(title="Second answer"),
    )
    today = timezone.localdate()
    DailyThreadStats.objects.create(day=today, thread=second, opened=5, deflected=2)
    DailyThreadStats.objects.create(
        day=today, thread=top, opened=5, deflected=4, failed=1
    )

    context = manager_client.get(URL).context

    assert [row["title"] for row in context["deflecting_threads"]] == [
        "Top answer",
        "Second answer",
    ]
    assert [row["title"] for row in context["failed_threads"]] == ["Top answer"]
    assert context["deflecting_threads"][0]["url"] == top.get_absolute_url()


def test_the_report_query_count_does_not_grow_with_rows(manager_client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    today = timezone.localdate()

    def fill(count):
        for n in range(count):
            add_query(
                f"query {count}-{n}", journeys=2, zero_result_searches=1, tickets=1
            )
            thread = ThreadFactory()
            DailyThreadStats.objects.create(
                day=today,
                thread=thread,
                opened=2,
                deflected=1,
                failed=1,
                question_deflected=1,
            )
            DailyBoardStats.objects.create(
                day=today - timedelta(days=n), searched_journeys=2
            )
            DailyArticleStats.objects.create(
                day=today,
                article=ArticleFactory(),
                opened=2,
                deflected=1,
                failed=1,
                helpful_yes=1,
                helpful_no=1,
            )

    fill(1)
    manager_client.get(URL)  # the settings row is created on first use
    cache.clear()  # measure the report being computed, not read from the cache
    with CaptureQueriesContext(connection) as one:
        manager_client.get(URL)
    fill(20)
    cache.clear()
    with CaptureQueriesContext(connection) as twenty:
        response = manager_client.get(URL)

    assert len(response.context["top_queries"].rows) == 20
    assert len(response.context["article_helpfulness"]) == 20
    assert len(twenty) == len(one)


def test_a_report_read_from_its_rollup_takes_as_many_queries_whatever_the_rows(
    manager_client, settings, clock
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum.deflection.models import PeriodRollup
    from forum.deflection.services.aggregation import build_deflection_stats

    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    manager_client.get(URL)  # the settings row is created on first use

    def fill_and_rank(count):
        for n in range(count):
            add_query(f"query {count}-{n}", journeys=2, tickets=1)
            DailyThreadStats.objects.create(
                day=timezone.localdate(), thread=ThreadFactory(), opened=2, failed=1
            )
            DailyArticleStats.objects.create(
                day=timezone.localdate(), article=ArticleFactory(), opened=2, failed=1
            )
        # Rows written behind the job's back: rank them afresh.
        PeriodRollup.objects.all().delete()
        build_deflection_stats()
        cache.clear()

    fill_and_rank(1)
    with CaptureQueriesContext(connection) as one:
        manager_client.get(URL)
    fill_and_rank(20)
    with CaptureQueriesContext(connection) as twenty:
        response = manager_client.get(URL)

    assert len(response.context["top_queries"].rows) == 20
    assert len(response.context["failed_threads"]) == 20
    assert len(response.context["failed_articles"]) == 20
    assert any("deflection_periodrollupquery" in q["sql"] for q in twenty)
    assert any("deflection_periodrolluparticle" in q["sql"] for q in twenty)
    assert len(twenty) == len(one) == REPORT_QUERIES_FROM_ROLLUP


def test_community_health_counts_answers_and_the_response_target(
    manager_client, clock, board
):
    now = clock.now
    ThreadFactory(
        board=board,
        created_at=now - timedelta(hours=5),
        first_response_at=now - timedelta(hours=4, minutes=30),
    )
    ThreadFactory(
        board=board,
        created_at=now - timedelta(hours=5),
        first_response_at=now - timedelta(hours=3),
    )
    ThreadFactory(board=board, created_at=now - timedelta(hours=5))

    health = manager_client.get(URL, {"period": "7"}).context["health"]

    assert (health["new"], health["answered"], health["within_target"]) == (3, 2, 1)
    assert health["median_first_response"] == timedelta(minutes=75)
    assert health["solved_share"] == 0


def test_expert_replies_count_in_community_health(manager_client, clock, board, expert):
    from tests.factories import PostFactory

    thread = ThreadFactory(board=board, created_at=clock.now - timedelta(hours=2))
    PostFactory(thread=thread, author=expert, created_at=clock.now - timedelta(hours=1))
    PostFactory(
        thread=thread, author=UserFactory(), created_at=clock.now - timedelta(hours=1)
    )

    health = manager_client.get(URL, {"period": "7"}).context["health"]

    assert (health["expert_replies"], health["active_experts"]) == (1, 1)


def report_queries(manager_client, params=None) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert manager_client.get(URL, params or {}).status_code == 200
    return [query["sql"] for query in queries]


def test_the_report_reads_aggregates_in_one_query_per_table_group(
    manager_client, board, settings
):
    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    for n in range(5):
        add_query(f"query {n}", journeys=2, zero_result_searches=1, tickets=1)
        DailyThreadStats.objects.create(
            day=timezone.localdate() - timedelta(days=n),
            board=board,
            thread=ThreadFactory(board=board),
            opened=2,
            deflected=1,
            failed=1,
        )
    manager_client.get(URL)  # the settings row is created on first use
    cache.clear()

    cold = report_queries(manager_client, {"period": "90"})
    warm = report_queries(manager_client, {"period": "90"})
    by_board = report_queries(manager_client, {"period": "90", "board": board.pk})

    def reading(table, queries):
        return sum(table in sql and "MAX(id)" not in sql for sql in queries)

    # Tiles and trend (and the period before, for the changes), the four query
    # tables, the three thread tables, the three article tables: one each
    # (besides the one statement that reads the aggregates' version).
    assert reading("deflection_dailyboardstats", cold) == 2
    assert reading("deflection_dailyquerystats", cold) == 1
    assert reading("deflection_dailythreadstats", cold) == 1
    assert reading("deflection_dailyarticlestats", cold) == 1
    assert sum("MAX(id)" in sql for sql in cold + warm) == 2
    assert len(cold) == REPORT_QUERIES_COLD
    # Cached: session, member, settings and the aggregates' version only (and
    # the live social care section).
    assert len(warm) == REPORT_QUERIES_WARM
    assert len(by_board) == REPORT_QUERIES_COLD - MEMBER_QUERIES - SITE_SETTINGS_QUERIES


def test_a_new_aggregation_run_shows_new_numbers_at_once(manager_client, clock):
    first, second = Visitor(), Visitor()
    first.search("nbn dropouts")
    build(clock)
    assert manager_client.get(URL).context["summary"]["journeys"] == 1

    second.search("esim")
    second.submits_ticket()
    build(clock)

    summary = manager_client.get(URL).context["summary"]
    assert (summary["journeys"], summary["tickets"]) == (2, 1)


def test_a_new_cost_shows_at_once_on_a_cached_report(manager_client, clock):
    DailyBoardStats.objects.create(
        day=timezone.localdate(), journeys=2, searched_journeys=2, deflected=2
    )
    manager_client.get(URL)
    manager_client.post(URL + "settings/", {"cost_per_contact": "5", "currency": "AUD"})

    summary = manager_client.get(URL).context["summary"]

    assert summary["savings"]["deflected"] == 10


def test_the_tables_are_rendered_once_and_show_a_new_run_at_once(
    manager_client, clock, settings
):
    from django.test.signals import template_rendered

    settings.DEFLECTION_MIN_JOURNEYS_PER_QUERY = 1
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    Visitor().search("nbn dropouts")
    build(clock)
    manager_client.get(URL)
    manager_client.get(URL)
    tables = "deflection/includes/_report_tables.html"
    assert rendered.count(tables) == 1

    Visitor().search("esim activation")
    build(clock)
    page = manager_client.get(URL).content.decode()

    assert rendered.count(tables) == 2
    assert "esim activation" in page and "nbn dropouts" in page
