"""Forms of the knowledge base's community side: readers' feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.knowledge.models import ArticleFeedback


class ArticleFeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this article helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("What was missing or wrong? (optional)"),
        required=False,
        max_length=ArticleFeedback.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Goes to the article's owner; it isn't shown publicly."),
    )
