"""The demo social care desk: a team in Sydney, an X (Twitter), a Facebook and an
"e-mail us" connector, and a week of customers' posts and messages ending now,
worked by the support agent and a moderator through the desk's own services, so
the queue, the case pages, the care report and the social deflections agree.

Services stamp what they do with the present moment; the demo then moves each
step to the time it happened in the story (``_stamp``), as the other demo seeds
backdate their rows. Replies are recorded as delivered: the demo has no posting
service to send them to (one shows a failed delivery, for the delivery log).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from forum.care import targets
from forum.care.models import (
    CareContact,
    CareTeam,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    Connector,
    Direction,
    Network,
)
from forum.care.services import cases as case_services
from forum.deflection.models import Delivery, DeliveryStatus
from forum.knowledge.models import Article
from forum.models import Thread

from .care_week import WEEK, DemoCase

TEAM_NAME = "Social care"
# Placeholders: an operator sets real secrets (and the posting service) in the
# admin before pointing a network at the intake address.
CONNECTORS = [
    # slug, name, kind, network, posting service
    ("x", "X (Twitter)", "webhook", Network.TWITTER, "https://posting.example.com/x"),
    (
        "facebook",
        "Facebook",
        "webhook",
        Network.FACEBOOK,
        "https://posting.example.com/facebook",
    ),
    ("email", "E-mail us", "mailgun", Network.EMAIL, ""),
]
PROFILE_URLS = {
    Network.TWITTER: "https://x.com/{handle}/status/{id}",
    Network.FACEBOOK: "https://www.facebook.com/{id}",
}


def seed_care() -> None:
    """The team, connectors and a week of cases (skipped once the team exists)."""
    if CareTeam.objects.filter(name=TEAM_NAME).exists():
        return
    with transaction.atomic():
        team = CareTeam.objects.create(
            name=TEAM_NAME,
            time_zone="Australia/Sydney",
            working_days="1234567",
            opens_at=time(7, 0),
            closes_at=time(22, 0),
        )
        connectors = {
            network: Connector.objects.create(
                slug=slug,
                name=name,
                kind=kind,
                network=network,
                team=team,
                inbound_secret=f"demo-{slug}-inbound-secret-change-me",
                outbound_url=url,
                outbound_secret=f"demo-{slug}-outbound-secret-change-me" if url else "",
            )
            for slug, name, kind, network, url in CONNECTORS
        }
        agents = {u.username: u for u in User.objects.filter(username__in=AGENTS)}
        now = timezone.now()
        for number, spec in enumerate(WEEK, start=1):
            _seed_case(number, spec, connectors[spec.network], agents, now)
        _fail_one_delivery()


AGENTS = ("agent", "morgan", "sam")


def _seed_case(number: int, spec: DemoCase, connector, agents, now) -> None:
    opened = now - timedelta(hours=spec.hours_ago)
    case = _open(number, spec, connector, opened)
    agent = agents.get(spec.by)
    if agent is not None:
        _work(case, number, spec, agent, opened)


def _open(number: int, spec: DemoCase, connector, opened: datetime) -> Case:
    """The customer's first message, as intake files it: a contact and a case."""
    member = User.objects.filter(username=spec.member).first() if spec.member else None
    contact, _ = CareContact.objects.get_or_create(
        network=spec.network,
        handle=spec.handle,
        defaults={
            "display_name": spec.name,
            "member": member,
            "external_id": f"demo-{number}",
            "first_seen_at": opened,
            "last_seen_at": opened,
        },
    )
    case = case_services.open_case(
        connector=connector,
        contact=contact,
        opened_at=opened,
        subject=spec.subject or spec.text[:80],
        is_public=not spec.private,
        priority=spec.priority,
    )
    CaseEvent.objects.filter(case=case).update(created_at=opened)
    _inbound(case, f"demo-{spec.network}-{number}", spec.text, opened)
    return case


def _work(case: Case, number: int, spec: DemoCase, agent, opened: datetime) -> None:
    """What the agent did, in order: notes, claim, tags, the reply, and the
    customer's answer or the resolution."""

    def after(minutes: float) -> datetime:
        return opened + timedelta(minutes=minutes)

    for minutes, note in spec.notes:
        _at(case, after(minutes), case_services.add_note, by=agent, text=note)
    if spec.claim_after is not None:
        _at(case, after(spec.claim_after), case_services.claim_case, by=agent)
    if spec.tags:
        _at(
            case,
            after(spec.claim_after or 1),
            case_services.set_tags,
            by=agent,
            tags=spec.tags,
        )
    if spec.reply_after is None:
        return
    _reply(case, spec, agent, after(spec.reply_after))
    if spec.followup:
        when = min(after(spec.reply_after + 40), timezone.now())
        _inbound(case, f"demo-{spec.network}-{number}-2", spec.followup, when)
    if spec.resolve_after is not None:
        _at(
            case,
            after(spec.resolve_after),
            case_services.set_status,
            by=agent,
            status=CaseStatus.RESOLVED,
        )


def _reply(case, spec: DemoCase, agent, when) -> None:
    thread, article = _link(spec.link)
    message = _at(
        case,
        when,
        case_services.reply_to_case,
        by=agent,
        text=spec.reply,
        thread=thread,
        article=article,
        resolve=spec.resolve_with_reply,
    )
    Delivery.objects.filter(pk=message.delivery_id).update(
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        channel="email" if case.network == Network.EMAIL else "webhook",
        destination=case.connector.outbound_url or case.contact.handle,
        last_status_code=None if case.network == Network.EMAIL else 200,
        created_at=message.sent_at,
        next_attempt_at=message.sent_at,
        last_attempt_at=message.sent_at,
        delivered_at=message.sent_at + timedelta(seconds=2),
    )


def _link(link: tuple[str, str] | None) -> tuple[Thread | None, Article | None]:
    """The demo's solved thread or published article by title, if it exists: the
    threads are solved at random, so a link may fall back to none."""
    if link is None:
        return None, None
    kind, title = link
    if kind == "article":
        return None, Article.objects.published().filter(title=title).first()
    return Thread.objects.public().solved().filter(title=title).first(), None


def _inbound(case: Case, external_id: str, text: str, when: datetime) -> None:
    """The customer's message, as intake files it; a reply to a case waiting on
    them opens it again."""
    contact = case.contact
    CaseMessage.objects.create(
        case=case,
        connector=case.connector,
        direction=Direction.INBOUND,
        external_id=external_id,
        author_handle=contact.handle,
        author_name=contact.display_name,
        text=text,
        url=_message_url(case, external_id),
        is_public=case.is_public,
        sent_at=when,
        received_at=when,
    )
    case.refresh_from_db()
    fields = {"last_inbound_at": when, "last_activity_at": when}
    if case.status in (CaseStatus.WAITING, CaseStatus.RESOLVED):
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.STATUS,
            before=case.status,
            after=CaseStatus.OPEN,
            created_at=when,
        )
        case.status, case.resolved_at = CaseStatus.OPEN, None
        fields.update(status=case.status, resolved_at=None)
    fields["next_due_at"] = targets.next_due(case)
    Case.objects.filter(pk=case.pk).update(**fields)
    CareContact.objects.filter(pk=contact.pk).update(last_seen_at=when)


def _message_url(case: Case, external_id: str) -> str:
    pattern = PROFILE_URLS.get(case.network)
    if pattern is None or not case.is_public:
        return ""
    return pattern.format(handle=case.contact.handle.lstrip("@"), id=external_id)


# Each service stamps its rows with the present; these are the case's fields and
# the rows a step may have written, moved to when the step happened.
STAMPED_FIELDS = (
    "first_response_at",
    "resolved_at",
    "answered_with_community_at",
    "last_activity_at",
)


def _at(case: Case, when: datetime, service, **arguments):
    """Run a case service as if at ``when`` (never later than now)."""
    when = min(when, timezone.now())
    marks = _marks()
    before = Case.objects.values(*STAMPED_FIELDS).get(pk=case.pk)
    result = service(case, **arguments)
    after = Case.objects.values(*STAMPED_FIELDS).get(pk=case.pk)
    moved = {
        name: when
        for name in STAMPED_FIELDS
        if after[name] is not None and after[name] != before[name]
    }
    if moved:
        Case.objects.filter(pk=case.pk).update(**moved)
    CaseEvent.objects.filter(case=case, pk__gt=marks["events"]).update(created_at=when)
    CaseMessage.objects.filter(case=case, pk__gt=marks["messages"]).update(
        sent_at=when, received_at=when
    )
    if isinstance(result, CaseMessage):
        result.refresh_from_db()
    return result


def _marks() -> dict:
    return {
        "events": CaseEvent.objects.aggregate(n=Max("pk"))["n"] or 0,
        "messages": CaseMessage.objects.aggregate(n=Max("pk"))["n"] or 0,
    }


def _fail_one_delivery() -> None:
    """The oldest reply on X never reached the posting service: the delivery log
    shows why, and an operator can retry it from the admin."""
    message = (
        CaseMessage.objects.filter(
            direction=Direction.OUTBOUND, case__network=Network.TWITTER
        )
        .order_by("sent_at")
        .first()
    )
    if message is None:
        return
    Delivery.objects.filter(pk=message.delivery_id).update(
        status=DeliveryStatus.FAILED,
        attempts=10,
        last_status_code=503,
        last_error="The posting service answered 503 Service Unavailable.",
        delivered_at=None,
    )
