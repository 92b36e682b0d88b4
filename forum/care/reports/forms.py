"""The care report's filters: the report family's period, and a channel instead
of a forum board."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.care.models import Network
from forum.deflection.forms import ReportFilterForm

from .figures import CareReportFilter


class CareReportForm(ReportFilterForm):
    # The other reports' ``board`` is a forum board; cases have none.
    board = None
    network = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Network.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a channel from the list.")},
    )

    def care_filter(self) -> CareReportFilter:
        data = self.cleaned_data
        return CareReportFilter(
            start=data["start"], end=data["end"], network=data["network"] or ""
        )


def care_report_form(params) -> CareReportForm:
    """The filters asked for, the last 30 days on all channels when none are."""
    return CareReportForm(params or {"period": "30"})
