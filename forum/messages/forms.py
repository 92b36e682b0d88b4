from django import forms

from forum import limits
from forum.composer.widgets import ComposerTextarea
from forum.messages.models import MessageReport
from forum.moderation.models import FlagReason

BODY_REQUIRED = {"required": "Write a message first."}
# Enough for the largest group; a longer list is refused before any lookup.
RECIPIENTS_MAX_LENGTH = 1000


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=limits.BODY_MAX_LENGTH,
        error_messages=BODY_REQUIRED,
        # No uploads: a file's visibility is its post's, and a message has none
        # (docs/decisions.md).
        widget=ComposerTextarea(attrs={"rows": 6}, uploads=False),
        help_text="Markdown works. Only the people in this conversation read it.",
    )


class NewConversationForm(MessageForm):
    recipients = forms.CharField(
        label="To",
        max_length=RECIPIENTS_MAX_LENGTH,
        help_text="Usernames, separated by commas.",
        error_messages={"required": "Say whom to write to."},
    )
    subject = forms.CharField(
        max_length=limits.TITLE_MAX_LENGTH,
        error_messages={"required": "Give the conversation a subject."},
    )
    field_order = ["recipients", "subject", "body"]

    def usernames(self) -> list[str]:
        raw = self.cleaned_data["recipients"]
        return [name for name in raw.replace(";", ",").split(",") if name.strip()]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=FlagReason.choices)
    note = forms.CharField(
        required=False,
        max_length=MessageReport.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
