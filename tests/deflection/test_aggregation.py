"""The daily aggregates: incremental, idempotent, late data picked up; and the
retention purge."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from forum.deflection.models import (
    DailyArticleStats,
    DailyBoardStats,
    DailyQueryStats,
    DailyThreadStats,
    Delivery,
    DeliveryStatus,
    Journey,
    JourneyEvent,
    Ticket,
)
from forum.deflection.services.aggregation import build_deflection_stats
from forum.deflection.services.retention import purge_deflection_events
from forum.deflection.services.tickets import submit_ticket
from tests.deflection.conftest import Visitor, build
from tests.factories import ArticleFactory, BoardFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def journeys() -> int:
    return sum(DailyBoardStats.objects.values_list("journeys", flat=True))


def snapshot() -> list:
    return [
        sorted(
            (
                tuple(v for k, v in row.items() if k != "id")
                for row in model.objects.values()
            ),
            key=repr,
        )
        for model in (
            DailyBoardStats,
            DailyQueryStats,
            DailyThreadStats,
            DailyArticleStats,
        )
    ]


@pytest.fixture
def some_journeys(clock):
    thread = ThreadFactory()
    for query in ("nbn dropouts", "nbn dropouts", "refund"):
        visitor = Visitor()
        visitor.search(query, thread)
        visitor.click(thread)
    Visitor().submits_ticket()
    return thread


def test_running_the_build_twice_gives_the_same_numbers(some_journeys, clock):
    build(clock)
    first = snapshot()

    build_deflection_stats()
    build_deflection_stats(full=True)

    assert snapshot() == first
    assert journeys() == 4


def test_the_command_builds_the_same_numbers(some_journeys, clock):
    clock.advance(days=2)

    call_command("build_deflection_stats")
    first = snapshot()
    call_command("build_deflection_stats", "--full")

    assert snapshot() == first


def test_a_late_event_is_picked_up_by_the_next_build(clock):
    thread = ThreadFactory()
    visitor = Visitor()
    visitor.search("apn settings", thread)
    clock.advance(minutes=10)
    build_deflection_stats()  # the journey is still going: not counted yet
    assert not DailyBoardStats.objects.exists()

    clock.advance(minutes=5)
    visitor.click(thread)
    visitor.says_yes(thread)
    build(clock, hours=1)

    stats = DailyBoardStats.objects.get()
    assert (stats.journeys, stats.deflected, stats.confirmed, stats.clicks) == (
        1,
        1,
        1,
        1,
    )


def test_a_rebuild_only_recomputes_what_changed(some_journeys, clock):
    build(clock)

    result = build_deflection_stats()

    assert result["journeys"] == 0 and result["days"] == []


def test_a_form_ticket_counts_even_when_its_event_was_not_logged(clock):
    visitor = Visitor()
    visitor.search("cannot pay bill")
    submit_ticket(
        subject="Payment",
        description="It fails",
        category="billing",
        email="me@example.com",
        journey_id=visitor.journey_id,
    )
    build(clock)

    stats = DailyBoardStats.objects.get()
    assert (stats.tickets, stats.deflected) == (1, 0)


def test_purge_deletes_raw_events_and_journeys_past_retention(some_journeys, clock):
    build(clock)  # a day and an hour later
    clock.advance(days=88)
    assert purge_deflection_events()["events"] == 0

    clock.advance(days=2)
    deleted = purge_deflection_events(batch_size=2)

    assert deleted["events"] == 8 and deleted["journeys"] == 4
    assert not JourneyEvent.objects.exists() and not Journey.objects.exists()
    assert journeys() == 4  # aggregates stay


def test_purge_is_idempotent_and_keeps_tickets(some_journeys, clock):
    ticket = Ticket.objects.create(reference="CS-KEEP", source="form")
    Ticket.objects.filter(pk=ticket.pk).update(journey_id=Journey.objects.first())
    build(clock)
    clock.advance(days=100)

    purge_deflection_events()
    again = purge_deflection_events()

    assert set(again.values()) == {0}
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_purge_keeps_aggregates_for_25_months(some_journeys, clock):
    build(clock)
    clock.advance(days=25 * 31 - 1)
    purge_deflection_events()
    assert DailyBoardStats.objects.exists()

    clock.advance(days=2)
    purge_deflection_events()

    assert not DailyBoardStats.objects.exists()
    assert not DailyQueryStats.objects.exists()


def test_purge_removes_delivered_payloads_but_keeps_undelivered_ones(clock):
    delivered = Delivery.objects.create(
        event="ticket.created",
        payload={},
        status=DeliveryStatus.DELIVERED,
        delivered_at=clock.now,
    )
    waiting = Delivery.objects.create(event="ticket.created", payload={})
    clock.advance(days=91)

    call_command("purge_deflection_events", "--batch-size", "10")

    assert not Delivery.objects.filter(pk=delivered.pk).exists()
    assert Delivery.objects.filter(pk=waiting.pk).exists()


def test_a_full_rebuild_after_a_purge_keeps_old_days(some_journeys, clock):
    build(clock)
    clock.advance(days=100)
    purge_deflection_events()

    build_deflection_stats(full=True)

    assert journeys() == 4


def test_late_events_inside_the_scan_margin_are_picked_up(clock):
    visitor = Visitor()
    visitor.search("apn")
    clock.advance(hours=1)
    build_deflection_stats()
    # An event committed late, stamped five minutes before the last build started.
    JourneyEvent.objects.create(
        journey_id=visitor.journey_id,
        kind="search",
        normalised_query="apn late",
        result_count=0,
        created_at=clock.now - timedelta(minutes=5),
    )
    clock.advance(hours=1)

    build_deflection_stats()

    assert DailyBoardStats.objects.get().searches == 2


def test_the_demo_seeds_thirty_days_of_journeys_once(db):
    from demo.seed import seed_all

    seed_all()
    events = JourneyEvent.objects.count()
    days = DailyBoardStats.objects.values("day").distinct().count()
    seed_all()

    assert events > 500 and JourneyEvent.objects.count() == events
    assert days == 30
    assert DailyQueryStats.objects.filter(zero_result_searches__gt=0).exists()


def journey_snapshot() -> list:
    """Every journey's fields, with ``details`` compared for what the counts use."""

    def facts(details: dict) -> tuple:
        queries = sorted(
            (
                q["q"],
                q["searches"],
                q["zero"],
                bool(q.get("results")),
                bool(q.get("clicked")),
            )
            for q in details.get("queries", [])
        )
        lists = tuple(
            sorted(details.get(name, []))
            for name in (
                "opened",
                "clicked",
                "helpful",
                "asked",
                "articles_opened",
                "articles_clicked",
                "articles_helpful",
                "articles_unhelpful",
            )
        )
        return (queries, *lists)

    rows = Journey.objects.order_by("public_id").values()
    return [
        {k: v for k, v in row.items() if k not in {"id", "details"}}
        | {"facts": facts(row["details"])}
        for row in rows
    ]


def article_journeys(clock) -> None:
    """Journeys through knowledge articles, beside threads: every kind of outcome."""
    board = BoardFactory()
    article, other = ArticleFactory(), ArticleFactory()
    article.boards.set([board])
    thread = ThreadFactory(board=board)
    helped, failed, mixed, unhelpful = (Visitor() for _ in range(4))
    helped.search("apn settings", article, thread)
    helped.click_article(article)
    helped.view_article(article)
    helped.rates_article(article, helpful=True)
    failed.search("apn settings", other)
    failed.click_article(other, rank=1)
    failed.submits_ticket()
    mixed.search("roaming", thread, article)
    mixed.click(thread)
    mixed.view_article(other)
    mixed.rates_article(other, helpful=False)
    unhelpful.search("esim", article)
    unhelpful.view_article(article)
    unhelpful.rates_article(article, helpful=False)
    clock.advance(hours=2)


def test_articles_count_alike_on_both_paths_and_on_rerun(clock):
    article_journeys(clock)
    build(clock)
    by_journey, journey_rows = snapshot(), journey_snapshot()

    build_deflection_stats(full=True)

    assert journey_snapshot() == journey_rows
    assert snapshot() == by_journey
    assert DailyArticleStats.objects.count() >= 2


def test_the_set_based_full_rebuild_matches_the_journey_by_journey_one(clock):
    from demo.journeys import seed_demo_journeys
    from forum.deflection.services.aggregation import rebuild_day

    seed_demo_journeys()  # thirty days of varied journeys and tickets, built
    article_journeys(clock)
    Visitor().search("still searching", ThreadFactory())  # a journey not yet ended
    build_deflection_stats()
    by_journey, journey_rows = snapshot(), journey_snapshot()
    # Wrong on purpose (deleting journeys would unlink their tickets).
    Journey.objects.update(
        day=date(2000, 1, 1), ticket=True, deflected=False, search_count=0, details={}
    )
    for model in (
        DailyBoardStats,
        DailyQueryStats,
        DailyThreadStats,
        DailyArticleStats,
    ):
        model.objects.all().delete()

    result = build_deflection_stats(full=True)

    assert journey_snapshot() == journey_rows
    assert snapshot() == by_journey
    assert result["journeys"] == len(journey_rows) and len(result["days"]) >= 30
    # The incremental path reads the details the set-based path wrote, alike.
    for day in result["days"]:
        rebuild_day(day)
    assert snapshot() == by_journey
