"""What the moderation pages read: the queue, the audit log, the unanswered queue,
revisions, and the community-health numbers (re-exported from ``health``)."""

from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum import permissions
from forum.attachments.models import Attachment
from forum.console import conf as console_conf
from forum.models import Board, Post, PostRevision, Thread
from forum.moderation.health import (
    ExpertActivity,
    ResponseTimes,
    busiest_experts,
    response_times,
)
from forum.moderation.models import AuditAction, AuditEntry, Flag, ThreadRedirect

__all__ = [
    "audit_log",
    "audit_log_actors",
    "busiest_experts",
    "member_for_moderation",
    "merged_thread",
    "moderation_queue",
    "overdue_count",
    "post_with_revisions",
    "queue_board",
    "queue_count",
    "response_queue_boards",
    "response_status",
    "response_target_minutes",
    "response_times",
    "unanswered_queue",
    "ExpertActivity",
    "QUEUE_KINDS",
    "RESPONSE_STATUSES",
    "ResponseTimes",
]

QUEUE_KINDS = {"all", "approvals", "flags"}
# "Due soon" once this share of the response target has passed without a reply.
DUE_SOON_SHARE = 0.75

_PENDING = Q(is_approved=False, is_hidden=False)


def _flagged() -> Q:
    return Q(pk__in=Flag.objects.open().values("post_id"))


def queue_count(user: User) -> int:
    """Posts waiting for approval plus posts with open flags, in the boards the
    user moderates, plus reported private messages: one query (two for global
    moderators), for the header."""
    if not permissions.can_view_moderation_queue(user):
        return 0
    from forum.messages.selectors import open_report_count

    posts = permissions.posts_moderated_by(user, Post.objects.all())
    # Reported private messages wait in the same queue (global moderators only).
    return posts.filter(_PENDING | _flagged()).count() + open_report_count(user)


def moderation_queue(
    user: User, *, kind: str = "all", board: Board | None = None
) -> QuerySet[Post]:
    """Posts waiting for approval and posts with open flags, oldest first (by when
    they entered the queue), with their thread, author and open flags."""
    posts = permissions.posts_moderated_by(user, Post.objects.all())
    wanted = {"approvals": _PENDING, "flags": _flagged()}.get(
        kind, _PENDING | _flagged()
    )
    posts = posts.filter(wanted)
    if board is not None:
        posts = posts.filter(thread__board=board)
    first_flag = Flag.objects.open().filter(post=OuterRef("pk")).order_by("created_at")
    open_flags = Flag.objects.open().select_related("user").order_by("created_at")
    return (
        posts.annotate(
            first_flag_at=Subquery(first_flag.values("created_at")[:1]),
            queued_at=Case(
                When(_PENDING, then=F("created_at")), default=F("first_flag_at")
            ),
        )
        .select_related("thread__board", "thread__first_post", "author")
        .prefetch_related(
            Prefetch("flags", queryset=open_flags, to_attr="open_flags"),
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
        )
        .order_by("queued_at", "id")
    )


def queue_board(user: User, slug: str) -> Board | None:
    """One of the user's moderated boards by slug, for filtering; None if unknown."""
    if not slug:
        return None
    return permissions.boards_moderated_by(user).filter(slug=slug).first()


def audit_log(
    user: User,
    *,
    actor: User | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries the user may read, newest first, filtered by moderator, action
    and dates (``until`` inclusive)."""
    entries = permissions.audit_entries_visible_to(user, AuditEntry.objects.all())
    if actor is not None:
        entries = entries.filter(actor=actor)
    if action in AuditAction.values:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(created_at__gte=_start_of(since))
    if until is not None:
        entries = entries.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    return entries.select_related("actor", "board").order_by("-created_at", "-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_log_actors(user: User) -> QuerySet[User]:
    """The people who appear as actors in the entries the user may read."""
    entries = permissions.audit_entries_visible_to(user, AuditEntry.objects.all())
    return User.objects.filter(pk__in=entries.values("actor_id")).order_by("username")


RESPONSE_STATUSES = [
    ("overdue", _("Overdue")),
    ("due_soon", _("Due soon")),
    ("on_time", _("On time")),
]


def response_target_minutes() -> int:
    """The response target: the settings area's, else FIRST_RESPONSE_TARGET_MINUTES."""
    return console_conf.first_response_target_minutes()


def response_status(now: datetime | None = None) -> Case:
    """An SQL label for a waiting thread against FIRST_RESPONSE_TARGET_MINUTES:
    "overdue", "due_soon" or "on_time"."""
    now = now or timezone.now()
    target = timedelta(minutes=response_target_minutes())
    return Case(
        When(created_at__lte=now - target, then=Value("overdue")),
        When(created_at__lte=now - target * DUE_SOON_SHARE, then=Value("due_soon")),
        default=Value("on_time"),
        output_field=CharField(),
    )


def _waiting(*, board: Board | None, status: str) -> QuerySet[Thread]:
    """Open public questions nobody but the asker has replied to, labelled
    (discussions have no response target)."""
    threads = Thread.objects.public().filter(
        board__kind="questions",
        first_response_at__isnull=True,
        is_locked=False,
        solution_post__isnull=True,
    )
    if board is not None:
        threads = threads.filter(board=board)
    threads = threads.annotate(status=response_status())
    if status in dict(RESPONSE_STATUSES):
        threads = threads.filter(status=status)
    return threads


def unanswered_queue(
    user: User, *, board: Board | None = None, status: str = ""
) -> QuerySet[Thread]:
    """Open public questions without a first response, in the boards the user
    covers as moderator or expert, longest waiting first, labelled by response
    status."""
    threads = permissions.threads_in_response_queue_of(
        user, _waiting(board=board, status=status)
    )
    return threads.select_related("board", "author").order_by("created_at", "id")


def overdue_count(*, board: Board | None = None) -> int:
    """Threads waiting longer than the response target (all boards, or one)."""
    return _waiting(board=board, status="overdue").count()


def response_queue_boards(user: User) -> QuerySet[Board]:
    """Boards to filter the unanswered queue by: the ones the user covers."""
    return Board.objects.filter(
        pk__in=permissions.threads_in_response_queue_of(
            user, Thread.objects.all()
        ).values("board_id")
    ).order_by("position", "name")


def post_with_revisions(user: User, post_id: int) -> tuple[Post, list[PostRevision]]:
    """A post and its earlier versions, newest first; raises Http404 for posts the
    user can't see."""
    post = get_object_or_404(
        Post.objects.select_related("thread__board", "author", "edited_by"),
        pk=post_id,
    )
    if not permissions.can_view_post(user, post):
        raise Http404("No such post.")
    revisions = list(post.revisions.select_related("edited_by"))
    return post, revisions


def merged_thread(thread_id: int) -> Thread | None:
    """The thread an old (merged-away) thread id now lives in, or None."""
    redirect = (
        ThreadRedirect.objects.filter(old_thread_id=thread_id)
        .select_related("thread")
        .first()
    )
    return redirect.thread if redirect else None


def member_for_moderation(username: str) -> User:
    """A member for the suspension page; raises Http404."""
    return get_object_or_404(User, username=username)


def certifications_of(member: User) -> list:
    """A member's expert certifications, expired ones included, for the page that
    grants and revokes them."""
    return list(
        member.certifications.select_related("board", "certified_by").order_by(
            "board__position", "board__name"
        )
    )
