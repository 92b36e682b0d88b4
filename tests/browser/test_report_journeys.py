"""A manager finds the reports from the header and each report from there, changes
the period and the board, and reads a chart on a phone and on a desktop screen."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from forum.deflection.models import DailyBoardStats, DailyQueryStats
from tests.factories import PASSWORD, BoardFactory, UserFactory
from tests.reports.conftest import ago, asked

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Below these the chart is the unreadable strip it used to be on a phone.
MIN_CHART_HEIGHT = 180
MIN_LABEL_PX = 9


def some_activity(board):
    today = timezone.localdate()
    for n in range(6):
        asked(board, when=ago(days=n, hours=1), answer_after=timedelta(minutes=20))
        DailyBoardStats.objects.create(
            day=today - timedelta(days=n),
            board=board,
            searched_journeys=4 + n,
            searches=5 + n,
            zero_result_searches=1,
            deflected=3,
            tickets=1 + n % 2,
        )
        DailyQueryStats.objects.create(
            day=today - timedelta(days=n),
            board=board,
            query="nbn dropouts",
            journeys=4,
            searches=5,
            journeys_with_results=4,
            clicked_journeys=2,
        )


def visible_chart(page):
    """The drawing the stylesheet shows at this width, and its screenshot's colours."""
    chart = page.locator("svg.report-chart-svg:visible").first
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    image = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    colours = len(image.getcolors(maxcolors=image.width * image.height))
    label_px = chart.locator("text.chart-label").first.evaluate(
        "label => label.getBoundingClientRect().height"
    )
    return box, colours, label_px


def read_chart_at(page, viewport) -> None:
    page.set_viewport_size(viewport)
    box, colours, label_px = visible_chart(page)
    assert box["height"] >= MIN_CHART_HEIGHT, box
    assert box["width"] <= viewport["width"]
    # Bars, axis and labels: a blank or single-colour box has one or two colours.
    assert colours >= 4, colours
    assert label_px >= MIN_LABEL_PX, label_px


def test_a_manager_finds_each_report_filters_it_and_reads_its_chart(page, sign_in):
    board = BoardFactory(name="NBN and Internet", slug="nbn-internet")
    BoardFactory(name="Billing", slug="billing")
    some_activity(board)
    UserFactory(username="morgan", role=Role.MANAGER)

    sign_in("morgan", PASSWORD)
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Deflection report")).to_be_visible()
    nav = page.get_by_role("navigation", name="Reports")
    for name, heading in (
        ("Community health and engagement", "Community health and engagement"),
        ("Search", "Search report"),
        ("Deflection", "Deflection report"),
    ):
        nav.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "aria-current", "page"
        )

        page.get_by_label("Period", exact=True).select_option("7")
        page.get_by_label("Board", exact=True).select_option(label="NBN and Internet")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_label("Board", exact=True)).to_have_value(str(board.pk))
        assert "period=7" in page.url
        # The filters carry over to the other reports.
        expect(nav.get_by_role("link", name="Search", exact=True)).to_have_attribute(
            "href", f"/reports/search/?period=7&start=&end=&board={board.pk}"
        )
        for viewport in (PHONE, DESKTOP):
            read_chart_at(page, viewport)


def test_a_bad_custom_period_is_a_form_error_not_a_server_error(page, sign_in):
    UserFactory(username="morgan", role=Role.MANAGER)
    sign_in("morgan", PASSWORD)

    page.goto("/reports/community/")
    page.get_by_label("Period", exact=True).select_option("custom")
    page.get_by_label("From", exact=True).fill("2026-03-10")
    page.get_by_label("To", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_role("alert")).to_contain_text("on or before the end")


def test_the_three_reports_have_no_serious_accessibility_issue(page, sign_in):
    from axe_playwright_python.sync_playwright import Axe

    board = BoardFactory(name="NBN and Internet", slug="nbn-internet")
    some_activity(board)
    UserFactory(username="morgan", role=Role.MANAGER)
    sign_in("morgan", PASSWORD)

    found = []
    for address in ("/reports/deflection/", "/reports/community/", "/reports/search/"):
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(f"{address}?period=7&board={board.pk}")
            found += [
                f"{address} at {viewport['width']} px: {violation['id']}: "
                + "; ".join(node["target"][0] for node in violation["nodes"][:3])
                for violation in Axe().run(page).response["violations"]
                if violation["impact"] in {"serious", "critical"}
            ]

    assert found == []


def test_on_a_phone_every_header_link_of_a_manager_stays_on_screen(page, sign_in):
    UserFactory(username="morgan", role=Role.MANAGER)
    sign_in("morgan", PASSWORD)
    page.set_viewport_size(PHONE)

    page.goto("/")

    links = page.get_by_role("banner").get_by_role("navigation").get_by_role("link")
    assert links.count() >= 4
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0, links.nth(index).inner_text()
        assert box["x"] + box["width"] <= PHONE["width"], links.nth(index).inner_text()
