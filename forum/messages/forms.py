from django import forms
from django.utils.translation import gettext_lazy as _

from forum import limits
from forum.composer.widgets import ComposerTextarea
from forum.messages.models import MessageReport
from forum.moderation.models import FlagReason

BODY_REQUIRED = {"required": _("Write a message first.")}
# Enough for the largest group; a longer list is refused before any lookup.
RECIPIENTS_MAX_LENGTH = 1000


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=limits.BODY_MAX_LENGTH,
        error_messages=BODY_REQUIRED,
        # No uploads: a file's visibility is its post's, and a message has none
        # (docs/decisions.md).
        widget=ComposerTextarea(attrs={"rows": 6}, uploads=False),
        help_text=_("Markdown works. Only the people in this conversation read it."),
    )


class NewConversationForm(MessageForm):
    recipients = forms.CharField(
        label=_("To"),
        max_length=RECIPIENTS_MAX_LENGTH,
        help_text=_("Usernames, separated by commas."),
        error_messages={"required": _("Say whom to write to.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=limits.TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the conversation a subject.")},
    )
    field_order = ["recipients", "subject", "body"]

    def usernames(self) -> list[str]:
        raw = self.cleaned_data["recipients"]
        return [name for name in raw.replace(";", ",").split(",") if name.strip()]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=FlagReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MessageReport.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
