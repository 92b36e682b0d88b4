from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from forum.deflection.models import DeflectionSettings, Ticket, TicketCategory
from forum.deflection.selectors.report import STANDARD_PERIODS, ReportFilter
from forum.models import Board

# A custom period longer than the aggregates are kept could only show gaps.
MAX_PERIOD_DAYS = 25 * 31
QUERY_MAX_LENGTH = 200


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you need help with?"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. bill higher than usual")}
        ),
    )


class TicketForm(forms.ModelForm):
    class Meta:
        model = Ticket
        fields = ["subject", "category", "description", "email"]
        labels = {
            "email": _("Your e-mail address"),
            "description": _("What happened?"),
        }
        help_texts = {
            "description": _("Please leave out passwords and full card numbers."),
            "email": _("Support replies to this address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "category", "description", "email"):
            self.fields[name].required = True
        self.fields["category"].choices = [
            ("", _("Choose one")),
            *TicketCategory.choices,
        ]
        self.fields["description"].widget.attrs["rows"] = 6


class ReportFilterForm(forms.Form):
    PERIODS = [
        *(
            (
                str(days),
                ngettext_lazy("Last %(days)s day", "Last %(days)s days", "days")
                % {"days": days},
            )
            for days in STANDARD_PERIODS
        ),
        ("custom", _("Custom dates")),
    ]

    period = forms.ChoiceField(
        label=_("Period"), choices=PERIODS, required=False, initial="30"
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.order_by("position", "name"),
        required=False,
        label=_("Board"),
        empty_label=_("All boards"),
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        period = data.get("period") or "30"
        if period != "custom" and not self.errors:
            data["start"] = today - timedelta(days=int(period) - 1)
            data["end"] = today
            return data
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if start is None or end is None:
            raise forms.ValidationError(_("Custom dates need both a start and an end."))
        if start > end:
            raise forms.ValidationError(
                _("The start date must be on or before the end.")
            )
        if start < date(2000, 1, 1) or end > today + timedelta(days=1):
            raise forms.ValidationError(_("Choose dates between 2000 and today."))
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(days)s days.")
                % {"days": MAX_PERIOD_DAYS}
            )
        return data

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        return ReportFilter(start=data["start"], end=data["end"], board=data["board"])


class DeflectionSettingsForm(forms.ModelForm):
    class Meta:
        model = DeflectionSettings
        fields = ["cost_per_contact", "currency"]
        labels = {"cost_per_contact": _("Cost of one assisted contact")}

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()


class TicketListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("filter tickets", "Show"),
        choices=[
            ("open", pgettext_lazy("ticket status", "Open")),
            ("handled", pgettext_lazy("ticket status", "Handled")),
            ("all", pgettext_lazy("ticket status", "All")),
        ],
        required=False,
    )
