"""The report's knowledge-article tables: ranked like the thread tables, with
helpfulness, CSV, filters and rollups."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from forum.deflection.models import DailyArticleStats, PeriodRollupArticle
from forum.deflection.selectors.article_rankings import article_tables
from forum.deflection.selectors.report import ReportFilter, period_rollup
from forum.deflection.services.aggregation import build_deflection_stats
from tests.deflection.conftest import Visitor, build
from tests.factories import ArticleFactory, BoardFactory

pytestmark = pytest.mark.django_db

URL = "/reports/deflection/"


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def add_article(title="An article", *, day=None, board=None, **counts):
    article = ArticleFactory(title=title)
    DailyArticleStats.objects.create(
        day=day or timezone.localdate(), board=board, article=article, **counts
    )
    return article


def article_url(article) -> str:
    """The article page's address, once the knowledge app routes it."""
    try:
        return reverse("knowledge:article", args=[article.pk, article.slug])
    except NoReverseMatch:
        return ""


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_report_page_lists_articles_beside_threads(manager_client):
    top = add_article("Top article", opened=5, deflected=4, failed=1, helpful_yes=3)
    add_article("Second article", opened=5, deflected=2, helpful_no=2)

    response = manager_client.get(URL)

    context = response.context
    assert [row["title"] for row in context["deflecting_articles"]] == [
        "Top article",
        "Second article",
    ]
    assert [row["title"] for row in context["failed_articles"]] == ["Top article"]
    assert [row["title"] for row in context["article_helpfulness"]] == [
        "Top article",
        "Second article",
    ]
    page = response.content.decode()
    assert "Articles that deflected most" in page
    assert "Articles that failed to deflect" in page
    assert "Article helpfulness" in page
    assert (
        top.get_absolute_url() in page or context["deflecting_articles"][0]["url"] == ""
    )


def test_helpfulness_shows_yes_no_and_the_share(manager_client):
    add_article("Mostly helps", opened=4, helpful_yes=3, helpful_no=1, confirmed=2)

    [row] = manager_client.get(URL).context["article_helpfulness"]

    assert (row["helpful_yes"], row["helpful_no"], row["answers"]) == (3, 1, 4)
    assert row["helpful_share"] == 0.75
    assert row["confirmed"] == 2


def test_an_empty_period_says_no_article_deflected(manager_client):
    page = manager_client.get(URL).content.decode()

    assert "No article has deflected a journey in this period." in page


def test_the_board_and_period_filters_narrow_the_article_tables(manager_client):
    board, other = BoardFactory(), BoardFactory()
    add_article("On the board", board=board, opened=1, deflected=1)
    add_article("Elsewhere", board=other, opened=1, deflected=1)
    old = timezone.localdate() - timedelta(days=40)
    add_article("Long ago", board=board, day=old, opened=1, deflected=1)

    context = manager_client.get(URL, {"period": "30", "board": board.pk}).context

    assert [row["title"] for row in context["deflecting_articles"]] == ["On the board"]


@pytest.mark.parametrize(
    "table", ["deflecting-articles", "failed-articles", "article-helpfulness"]
)
def test_article_tables_download_as_csv_with_neutralised_cells(manager_client, table):
    article = add_article(
        "=HYPERLINK(1)", opened=2, deflected=1, failed=1, helpful_yes=1, helpful_no=1
    )

    response = manager_client.get(f"{URL}{table}.csv", {"period": "30"})

    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[0][:2] == ["article id", "title"]
    assert rows[1] == [
        str(article.pk),
        "'=HYPERLINK(1)",
        "2",
        "1",
        "0",
        "1",
        "1",
        "1",
        "50.0",
    ]


def test_article_csv_with_bad_filters_is_a_400(manager_client):
    response = manager_client.get(URL + "failed-articles.csv", {"period": "x"})

    assert response.status_code == 400


def test_each_article_table_lists_at_most_twenty(manager_client):
    for n in range(25):
        add_article(f"Article {n}", opened=2, deflected=1, failed=1, helpful_yes=1)

    context = manager_client.get(URL).context

    assert len(context["deflecting_articles"]) == 20
    assert len(context["failed_articles"]) == 20
    assert len(context["article_helpfulness"]) == 20


def test_the_rollup_keeps_the_same_article_tables_as_the_daily_rows(clock):
    board = BoardFactory()
    helped, failed = ArticleFactory(), ArticleFactory()
    helped.boards.set([board])
    for _ in range(2):
        visitor = Visitor()
        visitor.search("apn", helped)
        visitor.click_article(helped)
        visitor.rates_article(helped, helpful=True)
    visitor = Visitor()
    visitor.search("apn", failed)
    visitor.click_article(failed)
    visitor.submits_ticket()
    build(clock)

    today = timezone.localdate()
    for board_filter in (None, board):
        report = ReportFilter(
            start=today - timedelta(days=29), end=today, board=board_filter
        )
        rollup = period_rollup(report)
        assert rollup is not None
        assert article_tables(report, rollup=rollup) == article_tables(report)
    assert PeriodRollupArticle.objects.exists()
    report = ReportFilter(start=today - timedelta(days=29), end=today)
    tables = article_tables(report)
    assert [row["article_id"] for row in tables["deflected"]] == [helped.pk]
    assert [row["article_id"] for row in tables["failed"]] == [failed.pk]
    assert tables["helpful"][0]["helpful_yes"] == 2


def test_a_deleted_article_leaves_the_tables_at_the_next_read(clock):
    article = ArticleFactory()
    visitor = Visitor()
    visitor.search("apn", article)
    visitor.view_article(article)
    build(clock)
    article.delete()

    build_deflection_stats()
    today = timezone.localdate()

    assert article_tables(ReportFilter(start=today - timedelta(days=6), end=today)) == {
        "deflected": [],
        "failed": [],
        "helpful": [],
    }
