from django import forms
from django.utils.translation import gettext_lazy as _

from forum.notifications.models import Channel, EmailFrequency, NotificationKind


class PreferencesForm(forms.Form):
    """One choice per notification kind, the e-mail frequency and auto-follow."""

    email_frequency = forms.ChoiceField(
        label=_("E-mail me"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_("The daily digest collects a day's notifications in one e-mail."),
    )
    auto_follow = forms.BooleanField(
        label=_("Follow threads I start or reply to"),
        required=False,
        help_text=_("You hear about new replies and solutions in them."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[f"kind_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices
            )

    def kind_fields(self):
        return [self[f"kind_{kind.value}"] for kind in NotificationKind]

    def channels(self) -> dict[str, str]:
        return {
            kind.value: self.cleaned_data[f"kind_{kind.value}"]
            for kind in NotificationKind
        }

    @classmethod
    def initial_for(cls, settings_row, channels: dict[str, str]) -> dict:
        return {
            "email_frequency": settings_row.email_frequency,
            "auto_follow": settings_row.auto_follow,
            **{f"kind_{kind}": channel for kind, channel in channels.items()},
        }
