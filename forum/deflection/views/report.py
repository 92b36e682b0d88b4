"""The managers' deflection report, its CSV downloads and its settings form."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from forum import caching, permissions
from forum.deflection.exports import csv_response, invalid_filters_response
from forum.deflection.forms import DeflectionSettingsForm, ReportFilterForm
from forum.deflection.models import DeflectionSettings
from forum.deflection.selectors.dashboard import (
    CSV_TABLES,
    REPORT_CACHE_SECONDS,
    deflection_report,
)
from forum.deflection.services.tickets import update_deflection_settings


def _filter_form(request) -> ReportFilterForm:
    return ReportFilterForm(request.GET or {"period": "30"})


@require_GET
@never_cache
@login_required
def report(request):
    """The report for the filtered period; an invalid filter shows its errors."""
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    form = _filter_form(request)
    context = {"form": form, "csv_tables": CSV_TABLES, "query_string": ""}
    if form.is_valid():
        context.update(deflection_report(form.report_filter()))
        context["query_string"] = request.GET.urlencode()
        context["report_tables"] = _report_tables(context)
        if permissions.can_edit_deflection_settings(request.user):
            context["settings_form"] = DeflectionSettingsForm(
                instance=context["settings"]
            )
    return render(request, "deflection/report.html", context)


def _report_tables(context: dict) -> str:
    """The chart and tables, rendered once per set of report numbers: a few
    thousand localised numbers are most of the page's time."""
    return caching.remember(
        [],
        (
            "deflection-report",
            context["numbers_key"],
            context["min_journeys"],
            get_language(),
            # The links repeat the query string; hashed, as it may be long.
            hashlib.sha256(context["query_string"].encode()).hexdigest(),
        ),
        lambda: render_to_string("deflection/includes/_report_tables.html", context),
        timeout=REPORT_CACHE_SECONDS,
    )


@require_GET
@never_cache
@login_required
def export_csv(request, table: str) -> HttpResponse:
    """One of the report's tables as CSV, for the same filters."""
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    spec = CSV_TABLES.get(table)
    if spec is None:
        raise Http404
    form = _filter_form(request)
    if not form.is_valid():
        return invalid_filters_response(form)
    report_filter = form.report_filter()
    filename = f"deflection-{table}-{report_filter.start}-{report_filter.end}.csv"
    return csv_response(filename, spec.header, spec.rows(report_filter))


@require_POST
@login_required
def edit_settings(request):
    """Save the cost of an assisted contact and its currency."""
    if not permissions.can_edit_deflection_settings(request.user):
        raise PermissionDenied
    form = DeflectionSettingsForm(request.POST, instance=DeflectionSettings.load())
    if form.is_valid():
        update_deflection_settings(
            cost_per_contact=form.cleaned_data["cost_per_contact"],
            currency=form.cleaned_data["currency"],
            by=request.user,
        )
        messages.success(request, _("Cost per assisted contact saved."))
    else:
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        messages.error(
            request, _("Settings not saved: %(errors)s") % {"errors": errors}
        )
    return redirect("deflection:report")
