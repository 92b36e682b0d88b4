"""The report family's pages beside the deflection report: community health and
engagement, and search; each with its CSV downloads."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum import permissions
from forum.deflection.exports import csv_response, invalid_filters_response
from forum.deflection.forms import ReportFilterForm
from forum.reports.exports import COMMUNITY_CSV, SEARCH_CSV
from forum.reports.selectors.community import community_report
from forum.reports.selectors.search import search_report

# Each report: its selector, its CSV tables and its template.
REPORTS = {
    "community": (community_report, COMMUNITY_CSV, "reports/community.html"),
    "search": (search_report, SEARCH_CSV, "reports/search.html"),
}


@require_GET
def index(request):
    """The family's first page is the deflection report."""
    return redirect("deflection:report")


def filter_form(request) -> ReportFilterForm:
    """The shared period and board filters, the last 30 days when none are given."""
    return ReportFilterForm(request.GET or {"period": "30"})


def _report_page(request, name: str):
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    build, csv_tables, template = REPORTS[name]
    form = filter_form(request)
    context = {"form": form, "csv_tables": csv_tables, "query_string": ""}
    if form.is_valid():
        report_filter = form.report_filter()
        context.update(build(report_filter))
        context["period"] = report_filter
        context["query_string"] = request.GET.urlencode()
    return render(request, template, context)


@require_GET
@never_cache
@login_required
def community(request):
    """Members, contributions, answers and solutions for the period and board."""
    return _report_page(request, "community")


@require_GET
@never_cache
@login_required
def search(request):
    """Searches, zero-result queries, click-through, synonyms and promotions."""
    return _report_page(request, "search")


@require_GET
@never_cache
@login_required
def export_csv(request, report: str, table: str) -> HttpResponse:
    """One table of the community or search report as CSV, for the same filters;
    invalid filters are a 400 naming the problem."""
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    if report not in REPORTS or table not in REPORTS[report][1]:
        raise Http404
    build, csv_tables, _template = REPORTS[report]
    form = filter_form(request)
    if not form.is_valid():
        return invalid_filters_response(form)
    report_filter = form.report_filter()
    spec = csv_tables[table]
    filename = f"{report}-{table}-{report_filter.start}-{report_filter.end}.csv"
    return csv_response(filename, spec.header, spec.rows(build(report_filter)))
