"""Forms of the idea staff panel, the moderator's edit and the idea report."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from forum import limits
from forum.deflection.forms import ReportFilterForm
from forum.deflection.selectors.report import ReportFilter
from forum.ideas.models import IdeaBoard, IdeaFlag, IdeaStatus
from forum.ideas.services.statuses import CHOOSABLE_STATUSES, RESPONSE_MAX_LENGTH
from forum.moderation.models import FlagReason

# "123", "/ideas/123/…", "https://…/ideas/123-…": the first number after /ideas/.
IDEA_ADDRESS = re.compile(r"^\s*#?(\d+)\s*$|/ideas/(?:[\w-]+/)*?(\d+)(?:[-/]|$)")

DEFAULT_UNANSWERED_DAYS = 14


def _response_field() -> forms.CharField:
    return forms.CharField(
        label=_("Public response"),
        max_length=RESPONSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown on the idea and sent to its voters and followers. Markdown."
        ),
        error_messages={"required": _("Write a public response: it tells voters why.")},
    )


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(value, IdeaStatus(value).label) for value in CHOOSABLE_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the statuses.")},
    )
    response = _response_field()


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into idea"),
        max_length=300,
        help_text=_("The number or address of the idea this one repeats."),
    )
    response = _response_field()

    def clean_into(self) -> int:
        match = IDEA_ADDRESS.search(self.cleaned_data["into"])
        if not match:
            raise forms.ValidationError(_("Give the number or address of an idea."))
        return int(match.group(1) or match.group(2))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ModeratorEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limits.TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Body"),
        max_length=limits.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    reason = forms.CharField(
        label=_("Reason for the edit"),
        max_length=500,
        help_text=_("Goes in the audit log with the text before and after."),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What's wrong with it?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what's wrong with it.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        required=False,
        max_length=IdeaFlag.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IdeaReportForm(ReportFilterForm):
    """The report family's period, an idea board instead of a forum board, and
    how many days without a staff response count as waiting too long."""

    # The other reports' ``board`` is a forum board; their links carry it here.
    board = None
    idea_board = forms.ModelChoiceField(
        label=_("Idea board"),
        queryset=IdeaBoard.objects.order_by("position", "name"),
        required=False,
        empty_label=_("All idea boards"),
    )
    days = forms.IntegerField(
        label=_("No response after (days)"),
        min_value=1,
        max_value=365,
        required=False,
        error_messages={
            "min_value": _("Choose between 1 and 365 days."),
            "max_value": _("Choose between 1 and 365 days."),
            "invalid": _("Give a whole number of days."),
        },
    )

    def clean_days(self) -> int:
        return self.cleaned_data.get("days") or DEFAULT_UNANSWERED_DAYS

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        return ReportFilter(
            start=data["start"], end=data["end"], board=data["idea_board"]
        )
