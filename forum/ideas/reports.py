"""The managers' idea report (/reports/ideas/): top ideas by votes and by trend,
ideas still waiting for a staff response, ideas delivered, and how many ideas
hold each status; each table also as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum import permissions
from forum.deflection.exports import (
    csv_response,
    invalid_filters_response,
    period_only_query,
)
from forum.deflection.selectors.report import ReportFilter
from forum.ideas.forms_staff import IdeaReportForm
from forum.ideas.models import Idea, IdeaStatus

TABLE_ROWS = 20


@dataclass(frozen=True)
class IdeaReportFilter:
    period: ReportFilter
    days: int

    @property
    def since(self) -> datetime:
        return _start_of(self.period.start)

    @property
    def until(self) -> datetime:
        return _start_of(self.period.end + timedelta(days=1))


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _ideas(report: IdeaReportFilter) -> QuerySet[Idea]:
    ideas = Idea.objects.public()
    if report.period.board is not None:
        ideas = ideas.filter(board=report.period.board)
    return ideas.select_related("board")


def top_ideas(report: IdeaReportFilter) -> list[Idea]:
    """Open ideas (not merged away) with the most votes of all time."""
    return list(
        _ideas(report)
        .exclude(status=IdeaStatus.DUPLICATE)
        .order_by("-vote_count", "-created_at", "-id")[:TABLE_ROWS]
    )


def trending_ideas(report: IdeaReportFilter) -> list[Idea]:
    """Ideas with the most votes cast in the period (votes moved by a merge count
    when they were cast)."""
    in_period = Q(
        votes__created_at__gte=report.since, votes__created_at__lt=report.until
    )
    return list(
        _ideas(report)
        .exclude(status=IdeaStatus.DUPLICATE)
        .annotate(period_votes=Count("votes", filter=in_period))
        .filter(period_votes__gt=0)
        .order_by("-period_votes", "-vote_count", "-id")[:TABLE_ROWS]
    )


def unanswered_ideas(report: IdeaReportFilter) -> list[Idea]:
    """Ideas posted more than ``days`` days ago that no staff member has answered,
    longest waiting first."""
    cutoff = timezone.now() - timedelta(days=report.days)
    return list(
        _ideas(report)
        .filter(first_response_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at", "id")[: TABLE_ROWS * 5]
    )


def delivered_ideas(report: IdeaReportFilter) -> list[Idea]:
    """Ideas moved to "Delivered" in the period, latest first."""
    return list(
        _ideas(report)
        .filter(
            status=IdeaStatus.DELIVERED,
            status_changed_at__gte=report.since,
            status_changed_at__lt=report.until,
        )
        .order_by("-status_changed_at", "-id")
    )


def status_counts(report: IdeaReportFilter) -> list[tuple[str, int]]:
    """How many visible ideas hold each status now, in the statuses' order: one
    query."""
    ideas = Idea.objects.public()
    if report.period.board is not None:
        ideas = ideas.filter(board=report.period.board)
    counts = ideas.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in IdeaStatus.values}
    )
    return [(IdeaStatus(value).label, counts[value]) for value in IdeaStatus.values]


def idea_report(report: IdeaReportFilter) -> dict:
    """Every table of the report, five queries whatever the number of ideas."""
    return {
        "top": top_ideas(report),
        "trending": trending_ideas(report),
        "unanswered": unanswered_ideas(report),
        "delivered": delivered_ideas(report),
        "statuses": status_counts(report),
    }


# --- CSV --------------------------------------------------------------------------


def _idea_cells(idea: Idea) -> list:
    return [idea.pk, idea.title, idea.board.name, idea.get_status_display()]


IDEA_HEADER = ["id", "title", "board", "status"]

CSV_TABLES = {
    "top": (
        [*IDEA_HEADER, "votes"],
        lambda data: [[*_idea_cells(i), i.vote_count] for i in data["top"]],
    ),
    "trending": (
        [*IDEA_HEADER, "votes in period", "votes"],
        lambda data: [
            [*_idea_cells(i), i.period_votes, i.vote_count] for i in data["trending"]
        ],
    ),
    "unanswered": (
        [*IDEA_HEADER, "posted", "votes"],
        lambda data: [
            [*_idea_cells(i), i.created_at.date(), i.vote_count]
            for i in data["unanswered"]
        ],
    ),
    "delivered": (
        [*IDEA_HEADER, "delivered", "votes"],
        lambda data: [
            [*_idea_cells(i), i.status_changed_at.date(), i.vote_count]
            for i in data["delivered"]
        ],
    ),
    "statuses": (["status", "ideas"], lambda data: [list(r) for r in data["statuses"]]),
}


# --- pages ------------------------------------------------------------------------


def report_form(params) -> IdeaReportForm:
    """The shared period filter (last 30 days when none is given), an idea board
    and the waiting days."""
    return IdeaReportForm(params or {"period": "30"})


def report_filter(form: IdeaReportForm) -> IdeaReportFilter:
    return IdeaReportFilter(period=form.report_filter(), days=form.cleaned_data["days"])


def _require_report(user) -> None:
    if not permissions.can_view_idea_report(user):
        raise PermissionDenied(_("The idea report is for managers."))


@require_GET
@never_cache
@login_required
def report(request):
    """The idea report for the period, board and waiting days chosen."""
    _require_report(request.user)
    form = report_form(request.GET)
    context = {"form": form, "query_string": "", "csv_tables": CSV_TABLES}
    if form.is_valid():
        chosen = report_filter(form)
        context.update(idea_report(chosen), chosen=chosen, period=chosen.period)
        context["query_string"] = request.GET.urlencode()
        # The family's links carry the period only: their boards are forum boards.
        context["nav_query"] = period_only_query(request.GET)
    return render(
        request, "ideas/report.html", context, status=200 if form.is_valid() else 400
    )


@require_GET
@never_cache
@login_required
def export_csv(request, table: str) -> HttpResponse:
    """One table of the idea report as CSV; invalid filters are a 400."""
    _require_report(request.user)
    if table not in CSV_TABLES:
        raise Http404
    form = report_form(request.GET)
    if not form.is_valid():
        return invalid_filters_response(form)
    chosen = report_filter(form)
    header, rows = CSV_TABLES[table]
    filename = f"ideas-{table}-{chosen.period.start}-{chosen.period.end}.csv"
    return csv_response(filename, header, rows(idea_report(chosen)))
