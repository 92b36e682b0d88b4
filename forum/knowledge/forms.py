"""Forms of the knowledge base's pages; the services do the checking that
matters, and their ValidationErrors land beside the fields they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from forum import limits
from forum.knowledge.models import ArticleCategory
from forum.knowledge.services.articles import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from forum.models import Board


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        """A service's ValidationError, shown beside the fields it names."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ArticleForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(max_length=limits.TITLE_MAX_LENGTH)
    category = forms.ModelChoiceField(
        queryset=ArticleCategory.objects.all(), empty_label=None
    )
    summary = forms.CharField(
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    body = forms.CharField(
        label=_("Article"),
        max_length=limits.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: headings, lists, links and code work as in posts."),
    )
    tags = forms.CharField(
        required=False,
        max_length=limits.TAGS_MAX_COUNT * (limits.TAG_MAX_LENGTH + 2),
        help_text=ngettext_lazy(
            "Up to %(count)s, separated by commas.",
            "Up to %(count)s, separated by commas.",
            "count",
        )
        % {"count": limits.TAGS_MAX_COUNT},
    )
    boards = forms.ModelMultipleChoiceField(
        queryset=Board.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Boards it applies to"),
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        label=_("What changed"),
        help_text=_("A short note kept with this version, e.g. “Added the 5G APN”."),
    )
    # The version the writer started from: a save by someone else in between is
    # refused instead of silently overwritten.
    expected_version = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boards"].queryset = Board.objects.active().order_by(
            "position", "name"
        )

    def values(self) -> dict:
        """The cleaned fields as the article services take them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "category": data["category"],
            "summary": data["summary"],
            "body": data["body"],
            "tags": data["tags"],
            "boards": list(data["boards"]),
            "note": data["note"],
        }


class WorkflowNoteForm(forms.Form):
    note = forms.CharField(required=False, max_length=NOTE_MAX_LENGTH)
