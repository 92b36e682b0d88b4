"""The demo's social care desk: a week of cases on three channels, worked
through the desk's services, so the queue, the report and the deflection figures
have something true to show. The demo is seeded once for this module, by the
fixture test_seed_demo defines."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from demo.seed import DEMO_PASSWORD
from forum import permissions
from forum.care.models import (
    CareContact,
    CareTeam,
    Case,
    CaseMessage,
    CaseStatus,
    Connector,
    Direction,
    Network,
)
from forum.deflection.models import Delivery, DeliveryStatus
from tests.demo.test_seed_demo import demo  # noqa: F401  (the shared seeded demo)

pytestmark = pytest.mark.django_db


def test_the_care_desk_has_a_team_and_three_connectors(demo):  # noqa: F811
    team = CareTeam.objects.get()
    connectors = {c.network: c for c in Connector.objects.filter(team=team)}

    assert team.time_zone == "Australia/Sydney"
    assert not team.is_always_open
    assert set(connectors) == {Network.TWITTER, Network.FACEBOOK, Network.EMAIL}
    assert connectors[Network.EMAIL].kind == "mailgun"
    assert connectors[Network.TWITTER].kind == "webhook"
    assert all("change-me" in c.inbound_secret for c in connectors.values())


def test_the_support_agent_can_sign_in_and_work_the_desk(demo, client):  # noqa: F811
    agent = User.objects.get(username="agent")

    assert agent.role == Role.AGENT
    assert permissions.can_open_care_desk(agent)
    response = client.post(
        "/accounts/login/", {"login": "agent", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_a_week_of_cases_ending_now_on_every_channel(demo):  # noqa: F811
    now = timezone.now()
    cases = Case.objects.all()

    assert 35 <= cases.count() <= 45
    assert set(cases.values_list("network", flat=True)) == {
        Network.TWITTER,
        Network.FACEBOOK,
        Network.EMAIL,
    }
    oldest = cases.order_by("opened_at").first().opened_at
    newest = cases.order_by("-opened_at").first().opened_at
    assert now - timedelta(days=7, hours=1) < oldest < now - timedelta(days=6)
    assert now - timedelta(hours=1) < newest <= now
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)


def test_some_customers_are_known_community_members(demo):  # noqa: F811
    linked = CareContact.objects.filter(member__isnull=False)

    assert set(linked.values_list("member__username", flat=True)) == {"lee", "dan"}
    assert Case.objects.filter(contact__in=linked).count() == 2


def test_some_cases_are_breached_and_some_answered_with_community_content(
    demo,  # noqa: F811
):
    now = timezone.now()

    assert Case.objects.filter(next_due_at__lt=now).count() >= 3
    assert Case.objects.filter(first_response_at__gt=F("first_response_due")).exists()
    answered = Case.objects.filter(answered_with_community_at__isnull=False)
    assert answered.count() >= 5
    links = CaseMessage.objects.filter(case__in=answered, direction="outbound")
    assert links.filter(linked_article__isnull=False).exists()
    assert links.filter(linked_thread__isnull=False).exists()


def test_every_case_s_times_tell_one_consistent_story(demo):  # noqa: F811
    for case in Case.objects.prefetch_related("messages"):
        messages = list(case.messages.all())
        assert messages[0].direction == Direction.INBOUND
        assert messages[0].sent_at == case.opened_at
        replies = [m for m in messages if m.direction == Direction.OUTBOUND]
        if case.first_response_at is None:
            assert not replies
            continue
        assert replies[0].sent_at == case.first_response_at >= case.opened_at
        if case.resolved_at is not None:
            assert case.resolved_at >= case.first_response_at


def test_replies_are_delivered_but_one_shows_a_failed_delivery(demo):  # noqa: F811
    deliveries = Delivery.objects.filter(event="care.reply")

    assert deliveries.filter(status=DeliveryStatus.FAILED).count() == 1
    assert (
        deliveries.exclude(status=DeliveryStatus.FAILED)
        .filter(status=DeliveryStatus.DELIVERED)
        .count()
        == deliveries.count() - 1
    )
    assert not CaseMessage.objects.filter(
        direction=Direction.OUTBOUND, delivery__isnull=True
    ).exists()


def test_the_care_report_shows_the_demo_week(demo, client):  # noqa: F811
    client.force_login(User.objects.get(username="sam"))

    response = client.get("/reports/care/", {"period": "7"})

    assert response.status_code == 200
    summary = response.context["summary"]
    opened_this_week = Case.objects.filter(
        opened_at__date__gte=timezone.localdate() - timedelta(days=6)
    ).count()
    assert summary["cases"] == opened_this_week
    assert summary["community"] >= 5
    assert 0 < summary["response_rate"] < 1
    assert {
        row["username"] for row in [vars(u) for u in response.context["workload"]]
    } >= {
        "agent",
        "morgan",
    }
