"""The care report's page and its CSV downloads."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum import permissions
from forum.deflection.exports import (
    csv_response,
    invalid_filters_response,
    period_only_query,
)

from .exports import CSV_TABLES
from .figures import care_report
from .forms import care_report_form


def _require_report(user) -> None:
    if not permissions.can_view_care_report(user):
        raise PermissionDenied(_("The care report is for managers."))


@require_GET
@never_cache
@login_required
def report(request):
    """Volume, response rate, response and resolution times against target,
    agent workload and community answers for the period and channel chosen."""
    _require_report(request.user)
    form = care_report_form(request.GET)
    context = {"form": form, "query_string": "", "csv_tables": CSV_TABLES}
    if form.is_valid():
        chosen = form.care_filter()
        context.update(care_report(chosen), period=chosen)
        context["query_string"] = request.GET.urlencode()
        context["nav_query"] = period_only_query(request.GET)
    return render(
        request, "care/report.html", context, status=200 if form.is_valid() else 400
    )


@require_GET
@never_cache
@login_required
def export_csv(request, table: str) -> HttpResponse:
    """One table of the care report as CSV; invalid filters are a 400."""
    _require_report(request.user)
    if table not in CSV_TABLES:
        raise Http404
    form = care_report_form(request.GET)
    if not form.is_valid():
        return invalid_filters_response(form)
    chosen = form.care_filter()
    spec = CSV_TABLES[table]
    filename = f"care-{table}-{chosen.start}-{chosen.end}.csv"
    return csv_response(filename, spec.header, spec.rows(care_report(chosen)))
