"""The form managers subscribe to a scheduled summary with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Board
from forum.reports.models import SummaryFrequency


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=SummaryFrequency.choices,
        initial=SummaryFrequency.WEEKLY,
    )
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.order_by("position", "name"),
        required=False,
        empty_label=_("All boards"),
        help_text=_("Leave at “All boards” for the whole community's figures."),
    )
