from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum import limits
from forum.composer.widgets import ComposerTextarea
from forum.models import Board
from forum.moderation import approval
from forum.services.validation import clean_body, clean_tags, clean_title


def _field_error(error: ValidationError, field: str):
    """Re-raise a service ValidationError keyed by field as a plain field error."""
    messages = error.message_dict.get(field) if hasattr(error, "error_dict") else None
    raise ValidationError(messages or error.messages)


BODY_REQUIRED = {"required": _("Write a few words first.")}
TITLE_REQUIRED = {"required": _("Give your question a title.")}


class TitleBodyTagsMixin:
    def clean_title(self):
        try:
            return clean_title(self.cleaned_data["title"])
        except ValidationError as error:
            _field_error(error, "title")

    def clean_body(self):
        try:
            return clean_body(self.cleaned_data["body"])
        except ValidationError as error:
            _field_error(error, "body")

    def clean_tags(self):
        try:
            return clean_tags(self.cleaned_data.get("tags", ""))
        except ValidationError as error:
            _field_error(error, "tags")


class ShownAtMixin(forms.Form):
    """A signed "form shown at" time: a new account's first post sent seconds after
    the form appeared is probably a script, so it waits for approval."""

    shown_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("shown_at", approval.form_token())

    def submitted_quickly(self) -> bool:
        return approval.submitted_quickly(self.data.get("shown_at"))


class AskForm(TitleBodyTagsMixin, ShownAtMixin, forms.Form):
    board = forms.ModelChoiceField(
        queryset=Board.objects.active().order_by("position", "name"),
        label=_("Board"),
        empty_label=_("Choose a board…"),
        error_messages={"invalid_choice": _("Choose one of the boards in the list.")},
    )
    title = forms.CharField(
        max_length=limits.TITLE_MAX_LENGTH,
        label=_("Title"),
        error_messages=TITLE_REQUIRED,
        help_text=_(
            "Say what you need in one sentence, e.g. “NBN drops out every "
            "evening around 8pm”."
        ),
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=limits.BODY_MAX_LENGTH,
        error_messages=BODY_REQUIRED,
        widget=ComposerTextarea(attrs={"rows": 10}),
        help_text=_(
            "What happens, what you tried, your device or plan. Markdown works. "
            "Never post account numbers or passwords."
        ),
    )
    tags = forms.CharField(
        required=False,
        max_length=limits.TAGS_MAX_COUNT * (limits.TAG_MAX_LENGTH + 2),
        label=_("Tags"),
        help_text=format_lazy(
            _("Up to {count}, separated by commas: e.g. modem, wifi."),
            count=limits.TAGS_MAX_COUNT,
        ),
    )


class ReplyForm(TitleBodyTagsMixin, ShownAtMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=limits.BODY_MAX_LENGTH,
        error_messages=BODY_REQUIRED,
        widget=ComposerTextarea(attrs={"rows": 6}),
        help_text=_("Markdown works; mention someone with @username."),
    )


class EditPostForm(TitleBodyTagsMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=limits.TITLE_MAX_LENGTH,
        error_messages=TITLE_REQUIRED,
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=limits.BODY_MAX_LENGTH,
        error_messages=BODY_REQUIRED,
        widget=ComposerTextarea(attrs={"rows": 12}),
    )
    tags = forms.CharField(label=_("Tags"), required=False, max_length=200)

    def __init__(self, *args, is_first_post: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_first_post:
            del self.fields["title"]
            del self.fields["tags"]
