from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum import limits
from forum.forms import TitleBodyTagsMixin, _field_error
from forum.ideas.services.common import clean_idea_title
from forum.services.validation import clean_body


class IdeaForm(TitleBodyTagsMixin, forms.Form):
    """An idea is written like a question (the same body and tag rules), with a
    title rule of its own."""

    title = forms.CharField(
        label=_("Title"),
        max_length=limits.TITLE_MAX_LENGTH,
        error_messages={"required": _("Give your idea a title.")},
        help_text=_(
            "The change you'd like, in one sentence, e.g. “Show data usage "
            "per day in the app”."
        ),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=limits.BODY_MAX_LENGTH,
        error_messages={"required": _("Describe your idea in a few words.")},
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What would it change for you, and why? Markdown works."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=limits.TAGS_MAX_COUNT * (limits.TAG_MAX_LENGTH + 2),
        help_text=format_lazy(
            _("Up to {count}, separated by commas: e.g. app, data."),
            count=limits.TAGS_MAX_COUNT,
        ),
    )

    def clean_title(self):
        try:
            return clean_idea_title(self.cleaned_data["title"])
        except ValidationError as error:
            _field_error(error, "title")


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=limits.BODY_MAX_LENGTH,
        error_messages={"required": _("Write a few words first.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_body(self):
        try:
            return clean_body(self.cleaned_data["body"])
        except ValidationError as error:
            _field_error(error, "body")
