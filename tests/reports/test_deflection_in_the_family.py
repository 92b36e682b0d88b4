"""The deflection report as one of the family: sub-navigation, changes against the
period before, the shared chart, rates with one decimal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.deflection.models import DailyBoardStats

pytestmark = pytest.mark.django_db

URL = "/reports/deflection/"


def test_the_deflection_report_links_its_family_and_shows_its_changes(manager_client):
    today = timezone.localdate()
    DailyBoardStats.objects.create(
        day=today, journeys=8, searched_journeys=8, deflected=5, tickets=3
    )
    DailyBoardStats.objects.create(
        day=today - timedelta(days=9),
        journeys=4,
        searched_journeys=4,
        deflected=1,
        tickets=3,
    )

    response = manager_client.get(URL, {"period": "7"})

    page = response.content.decode()
    assert "62.5%" in page  # 5 of 8 journeys, not "62%" or "63%"
    assert "up 37.5 points from 25%" in page
    assert "no change (was 3)" in page  # tickets
    assert 'href="/reports/community/?period=7"' in page
    assert 'href="/reports/search/?period=7"' in page
    assert page.count('class="report-chart-svg') == 2


def test_the_family_index_opens_the_deflection_report(manager_client):
    response = manager_client.get("/reports/")

    assert response.status_code == 302
    assert response["Location"] == URL
