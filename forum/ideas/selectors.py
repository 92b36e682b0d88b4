"""What the idea pages and endpoints read, each with its joins and annotations."""

from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum import permissions
from forum.ideas.models import (
    Idea,
    IdeaBoard,
    IdeaComment,
    IdeaFollow,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVote,
)

IDEAS_PER_PAGE = 20
COMMENTS_PER_PAGE = 50
TRENDING_DAYS = 14
TOP_IDEAS = 5
# The roadmap's columns, left to right; not planned and duplicates are left out.
ROADMAP_STATUSES = [
    IdeaStatus.UNDER_REVIEW,
    IdeaStatus.PLANNED,
    IdeaStatus.IN_PROGRESS,
    IdeaStatus.DELIVERED,
]
ROADMAP_COLUMN_SIZE = 25
# "Delivered" on the roadmap means delivered recently.
ROADMAP_DELIVERED_DAYS = 90

SORTS = {
    "votes": _("Most votes"),
    "newest": _("Newest"),
    "trending": _("Trending"),
}
DEFAULT_SORT = "votes"
# "open": every status but duplicates (a merged idea lives on in the one it joined).
STATUS_FILTERS = {"open": _("All open ideas"), **dict(IdeaStatus.choices)}
DEFAULT_STATUS = "open"


def paginate(queryset, page_number, *, per_page: int = IDEAS_PER_PAGE) -> Page:
    """A page of results; a malformed or too-large page number gives the nearest
    valid page instead of an error."""
    return Paginator(queryset, per_page).get_page(page_number)


def idea_board_list() -> QuerySet[IdeaBoard]:
    """Every idea board with its count of open public ideas and their votes."""
    listed = Q(ideas__is_hidden=False) & ~Q(ideas__status=IdeaStatus.DUPLICATE)
    return IdeaBoard.objects.annotate(
        idea_count=Count("ideas", filter=listed),
        vote_total=Coalesce(Sum("ideas__vote_count", filter=listed), 0),
    ).order_by("position", "name")


def idea_board_detail(slug: str) -> IdeaBoard:
    """The idea board with this slug; raises Http404."""
    return get_object_or_404(IdeaBoard, slug=slug)


def _listed(user: User) -> QuerySet[Idea]:
    return permissions.ideas_visible_to(user).select_related("board", "author")


def top_ideas(user: User, *, limit: int = TOP_IDEAS) -> list[Idea]:
    """The most voted open ideas on every board."""
    return list(
        _listed(user)
        .exclude(status=IdeaStatus.DUPLICATE)
        .order_by("-vote_count", "-created_at", "-id")[:limit]
    )


def trending_since():
    return timezone.now() - timedelta(days=TRENDING_DAYS)


def idea_list(
    user: User,
    *,
    board: IdeaBoard | None = None,
    status: str = DEFAULT_STATUS,
    tag: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Idea]:
    """Ideas the user may see, filtered by board, status and tag slug, sorted by
    votes, newest or trending (votes in the last days, then all votes)."""
    ideas = _listed(user).prefetch_related("tags")
    if board is not None:
        ideas = ideas.filter(board=board)
    if status == DEFAULT_STATUS or status not in STATUS_FILTERS:
        ideas = ideas.exclude(status=IdeaStatus.DUPLICATE)
    else:
        ideas = ideas.filter(status=status)
    if tag:
        ideas = ideas.filter(tags__slug=tag)
    if sort == "newest":
        return ideas.order_by("-created_at", "-id")
    if sort == "trending":
        # A correlated count per idea over IdeaVote's (idea, created_at) index.
        recent = (
            IdeaVote.objects.filter(
                idea=OuterRef("pk"), created_at__gte=trending_since()
            )
            .values("idea")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return ideas.annotate(
            recent_votes=Coalesce(Subquery(recent, output_field=IntegerField()), 0)
        ).order_by("-recent_votes", "-vote_count", "-id")
    return ideas.order_by("-vote_count", "-created_at", "-id")


def idea_detail(user: User, idea_id: int) -> Idea:
    """An idea the user may see, with its board, author, tags, the idea it was
    merged into and its status history; raises Http404."""
    history = IdeaStatusChange.objects.select_related("by")
    return get_object_or_404(
        permissions.ideas_visible_to(user)
        .select_related("board", "author", "merged_into")
        .prefetch_related("tags", Prefetch("status_changes", queryset=history)),
        pk=idea_id,
    )


def idea_for_action(user: User, idea_id: int) -> Idea:
    """An idea the user may see, for a small action on it; raises Http404."""
    return get_object_or_404(
        permissions.ideas_visible_to(user).select_related("board"), pk=idea_id
    )


def idea_comments(user: User, idea: Idea) -> QuerySet[IdeaComment]:
    """The idea's comments the user may see, oldest first, with their authors."""
    comments = idea.comments.select_related("author")
    if not permissions.can_moderate_ideas(user):
        comments = comments.filter(is_hidden=False)
    return comments.order_by("created_at", "id")


def has_voted(user: User, idea: Idea) -> bool:
    """Whether the user voted for the idea."""
    return (
        user.is_authenticated and IdeaVote.objects.filter(idea=idea, user=user).exists()
    )


def voted_idea_ids(user: User, ideas) -> set[int]:
    """Which of these ideas the user voted for (one query for a whole list)."""
    if not user.is_authenticated:
        return set()
    ids = [idea.pk for idea in ideas]
    return set(
        IdeaVote.objects.filter(user=user, idea_id__in=ids).values_list(
            "idea_id", flat=True
        )
    )


def is_following(user: User, idea: Idea) -> bool:
    """Whether the user follows the idea."""
    return (
        user.is_authenticated
        and IdeaFollow.objects.filter(idea=idea, user=user).exists()
    )


def roadmap(user: User) -> list[tuple[str, str, list[Idea]]]:
    """(status, label, ideas by votes) for each roadmap column; delivered ideas
    only when delivered recently. One query per column."""
    delivered_since = timezone.now() - timedelta(days=ROADMAP_DELIVERED_DAYS)
    columns = []
    for status in ROADMAP_STATUSES:
        ideas = _listed(user).filter(status=status)
        if status == IdeaStatus.DELIVERED:
            ideas = ideas.filter(status_changed_at__gte=delivered_since)
        ideas = ideas.order_by("-vote_count", "-created_at", "-id")
        columns.append((status.value, status.label, list(ideas[:ROADMAP_COLUMN_SIZE])))
    return columns


def public_ideas() -> QuerySet[Idea]:
    """What a visitor may see: for feeds and the sitemap."""
    return Idea.objects.public()
