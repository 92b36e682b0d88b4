"""The form managers subscribe to a scheduled summary with."""

from django import forms

from forum.models import Board
from forum.reports.models import SummaryFrequency


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often",
        choices=SummaryFrequency.choices,
        initial=SummaryFrequency.WEEKLY,
    )
    board = forms.ModelChoiceField(
        label="Board",
        queryset=Board.objects.order_by("position", "name"),
        required=False,
        empty_label="All boards",
        help_text="Leave at “All boards” for the whole community's figures.",
    )
