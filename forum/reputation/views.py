from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from forum import selectors as forum_selectors
from forum.models import Board
from forum.reputation import selectors
from forum.reputation.badges import CATALOGUE


@require_GET
def leaderboard(request):
    period = request.GET.get("period", "30d")
    if period not in selectors.LEADERBOARD_PERIODS:
        period = "30d"
    slug = request.GET.get("board", "")
    board = get_object_or_404(Board, slug=slug) if slug else None
    since = selectors.period_start(period)
    members = selectors.leaderboard(
        board=board, since=since, limit=selectors.LEADERBOARD_SIZE, staff=False
    )
    staff = selectors.leaderboard(
        board=board, since=since, limit=selectors.STAFF_LEADERBOARD_SIZE, staff=True
    )
    return render(
        request,
        "reputation/leaderboard.html",
        {
            "members": members,
            "staff": staff,
            "board": board,
            "boards": forum_selectors.board_list(),
            "period": period,
        },
    )


@require_GET
def badges(request):
    counts = selectors.badge_counts()
    catalogue = [(badge, counts.get(badge.slug, 0)) for badge in CATALOGUE]
    return render(request, "reputation/badges.html", {"catalogue": catalogue})
