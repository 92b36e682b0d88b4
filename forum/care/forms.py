"""Forms of the agents' desk: the queue's filters and the case page's actions.

The forms only parse; the rules (who may, what is allowed) are the services'.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum.care import selectors
from forum.care.models import TEXT_MAX_LENGTH, CasePriority, CaseStatus, Network
from forum.care.services.cases import TAG_MAX_LENGTH, TAGS_MAX

ANY = [("", _("Any"))]
SCOPE_CHOICES = [
    (selectors.SCOPE_ALL, _("All cases")),
    (selectors.SCOPE_MINE, _("Mine")),
    (selectors.SCOPE_UNASSIGNED, _("Unassigned")),
]
# A suggested answer as the reply form sends it: "thread:12" or "article:3".
LINK_VALUE = re.compile(r"^(thread|article):(\d{1,18})$")


class DeskForm(forms.Form):
    """A form of the case page: its fields' ids start with ``id_prefix``, so the
    page's forms never share an id (two of them have a "text")."""

    id_prefix = "case"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class QueueFilterForm(DeskForm):
    """The queue's filters from the query string; a value that makes no sense
    is dropped rather than refused, so an old bookmark still opens the queue."""

    id_prefix = "care"

    scope = forms.ChoiceField(choices=SCOPE_CHOICES, required=False)
    network = forms.ChoiceField(
        label=_("Network"), choices=ANY + Network.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + CaseStatus.choices, required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ANY + CasePriority.choices, required=False
    )
    tag = forms.CharField(label=_("Tag"), max_length=TAG_MAX_LENGTH, required=False)
    breaching = forms.BooleanField(
        label=_("Breached or about to breach"), required=False
    )

    def queue_filter(self) -> selectors.QueueFilter:
        self.is_valid()
        data = self.cleaned_data
        return selectors.QueueFilter(
            scope=data.get("scope") or selectors.SCOPE_ALL,
            network=data.get("network", ""),
            status=data.get("status", ""),
            priority=data.get("priority", ""),
            tag=(data.get("tag") or "").strip().lower(),
            breaching=bool(data.get("breaching")),
        )


def _text_field(label: str, *, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": _("Write something first.")},
    )


class ReplyForm(DeskForm):
    """A reply to the customer, optionally linking a suggested community answer."""

    id_prefix = "reply"

    text = _text_field(
        _("Reply to the customer"),
        help_text=_(
            "Sent through the connector as you write it; the link you "
            "choose is added at the end."
        ),
    )
    link = forms.CharField(
        label=_("Link this answer"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Solved threads and articles the search suggests for this case."),
    )
    address = forms.CharField(
        label=_("Or the address of a thread or article"),
        required=False,
        max_length=500,
        help_text=_("When the answer you want is not among the suggestions."),
    )
    resolve = forms.BooleanField(label=_("Resolve after sending"), required=False)

    def offer(self, suggestions) -> ReplyForm:
        """Show these suggested answers (``SearchHit`` rows) as the link's choices."""
        self.suggestions = list(suggestions)
        self.fields["link"].widget.choices = [("", _("No link"))] + [
            (link_value(hit), hit.title) for hit in self.suggestions
        ]
        return self

    def clean_link(self) -> tuple[str, int] | None:
        value = self.cleaned_data["link"]
        if not value:
            return None
        match = LINK_VALUE.match(value)
        if not match:
            raise forms.ValidationError(_("Choose one of the suggested answers."))
        return match.group(1), int(match.group(2))

    def clean_address(self) -> tuple[str, int] | None:
        value = self.cleaned_data["address"].strip()
        if not value:
            return None
        answer = community_address(value)
        if answer is None:
            raise forms.ValidationError(
                _("Give the address of a community thread or knowledge article.")
            )
        return answer

    def clean(self):
        data = super().clean()
        if data.get("link") and data.get("address"):
            raise forms.ValidationError(
                _("Link one answer: a suggestion or an address, not both.")
            )
        data["answer"] = data.get("link") or data.get("address")
        return data


# What an address of ours names: the views that show a thread and an article.
_ANSWER_VIEWS = {
    "forum:thread": ("thread", "thread_id"),
    "knowledge:article": ("article", "article_id"),
}


def community_address(address: str) -> tuple[str, int] | None:
    """("thread", id) or ("article", id) for an address of a thread or article
    on this site (the path is what counts), else None."""
    try:
        match = resolve(urlsplit(address).path or "/")
    except (Resolver404, ValueError):
        return None
    kind_and_key = _ANSWER_VIEWS.get(match.view_name)
    if kind_and_key is None:
        return None
    kind, key = kind_and_key
    return kind, int(match.kwargs[key])


def link_value(hit) -> str:
    """How a suggested answer (a ``SearchHit``) is sent back by the reply form."""
    return f"{hit.kind}:{hit.document.pk}"


class NoteForm(DeskForm):
    id_prefix = "note"
    text = _text_field(
        _("Internal note"), rows=3, help_text=_("Seen by agents only, never sent.")
    )


class StatusForm(DeskForm):
    id_prefix = "status"
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CaseStatus.choices,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )


class PriorityForm(DeskForm):
    id_prefix = "priority"
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=CasePriority.choices,
        error_messages={"invalid_choice": _("Choose a priority from the list.")},
    )


class TagsForm(DeskForm):
    id_prefix = "tags"
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=TAGS_MAX * (TAG_MAX_LENGTH + 2),
        help_text=format_lazy(
            _("Separated by commas; at most {count}."), count=TAGS_MAX
        ),
    )


class AssignForm(DeskForm):
    """Give the case to an agent; nobody releases it."""

    id_prefix = "assign"

    assignee = forms.TypedChoiceField(
        label=_("Assign to"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an agent from the list.")},
    )

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody (release the case)"))] + [
            (agent.pk, agent.name) for agent in agents
        ]
