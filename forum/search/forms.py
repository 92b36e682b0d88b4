"""The search page's parameters, read from the query string."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.knowledge.models import Article
from forum.models import Board, Thread
from forum.search.engine import TAG_MAX_LENGTH
from forum.search.query import MAX_QUERY_LENGTH, clean_input
from forum.selectors import board_choices
from forum.tags import JOINERS

# "/t/123-slug/", "https://…/t/123-slug/#p4", or just "123".
_THREAD_REFERENCE = re.compile(r"^\s*(\d{1,18})\s*$|/t/(\d{1,18})(?:[-/]|$)")


class QueryTextField(forms.CharField):
    """Free text from a URL: control characters (NUL included) and excess length are
    trimmed away rather than rejected, so any link gives a working page."""

    def __init__(
        self, *, max_chars: int, keep: frozenset[str] = frozenset(), **kwargs
    ) -> None:
        self.max_chars, self.keep = max_chars, keep
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        return clean_input(super().to_python(value), keep=self.keep)[: self.max_chars]


class SearchForm(forms.Form):
    """What to search for, and the filters; every field is optional."""

    q = QueryTextField(
        max_chars=MAX_QUERY_LENGTH,
        required=False,
        label=_("Search the community"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "id": "search-q",
                "maxlength": MAX_QUERY_LENGTH,
                "placeholder": "e.g. NBN dropouts in the evening",
            }
        ),
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.active().order_by("position", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All boards"),
        error_messages={
            "invalid_choice": _(
                "There is no such board; showing results from all boards."
            )
        },
    )
    solved = forms.BooleanField(required=False, label=_("Solved only"))
    # Tags may hold the zero-width joiners some scripts write inside words.
    tag = QueryTextField(
        max_chars=TAG_MAX_LENGTH, keep=JOINERS, required=False, label=_("Tag")
    )
    # Not shown: pagination links carry it. Anything but a positive number is page 1.
    page = forms.CharField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The menu from the cache, not a query per page: the field still checks a
        # chosen slug against the database.
        board = self.fields["board"]
        board.widget.choices = [("", board.empty_label), *board_choices()]

    def clean_page(self) -> int:
        value = self.cleaned_data.get("page") or ""
        return int(value) if value.isascii() and value.isdigit() else 1

    def wants_explanation(self) -> bool:
        """Whether the visitor asked why results ranked as they did (?explain=1);
        the view shows it only to those the permission module allows."""
        return self.data.get("explain") == "1"

    def search_arguments(self) -> dict:
        """Keyword arguments for search_threads: each valid field's value, and the
        default for any field that is not valid."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "board": data.get("board"),
            "solved_only": bool(data.get("solved")),
            "tag": data.get("tag") or None,
            "page": data.get("page") or 1,
        }


class SynonymForm(forms.Form):
    """A synonym rule as a manager writes it."""

    phrases = forms.CharField(
        max_length=5000,
        label=_("Words or phrases"),
        help_text=_(
            "Separate them with commas, e.g. “bill, invoice, charges”. Each is a "
            "word or a phrase of up to four words."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    two_way = forms.TypedChoiceField(
        label=_("Direction"),
        choices=[
            ("1", _("Two-way: any of them finds the others")),
            (
                "0",
                _("One-way: the first finds the others, not the other way round"),
            ),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )


class PromotionForm(forms.Form):
    """A thread or a published knowledge article to pin to the top of a query's
    results: exactly one of the two."""

    query = QueryTextField(
        max_chars=MAX_QUERY_LENGTH,
        label=_("Query"),
        help_text=_("Also applies to the same words in another order or form."),
    )
    thread = forms.CharField(
        max_length=500,
        required=False,
        label=_("Thread"),
        help_text=_("The thread's address (e.g. /t/123-…/) or its number."),
    )
    article = forms.CharField(
        max_length=500,
        required=False,
        label=_("Or a knowledge article"),
        help_text=_("The article's address (e.g. /kb/a/12/…/) or its number."),
    )

    def clean_thread(self) -> Thread | None:
        reference = self.cleaned_data["thread"].strip()
        if not reference:
            return None
        match = _THREAD_REFERENCE.search(reference)
        thread = None
        if match:
            number = int(match.group(1) or match.group(2))
            thread = Thread.objects.filter(pk=number).first()
        if thread is None:
            raise forms.ValidationError(
                gettext("That is not the address or number of a thread on this site.")
            )
        return thread

    def clean_article(self) -> Article | None:
        reference = self.cleaned_data["article"].strip()
        if not reference:
            return None
        number = _article_number(reference)
        article = Article.objects.filter(pk=number).first() if number else None
        if article is None:
            raise forms.ValidationError(
                gettext("That is not the address or number of an article on this site.")
            )
        return article

    def clean(self) -> dict:
        data = super().clean()
        named = [name for name in ("thread", "article") if data.get(name)]
        if not named and not self.errors:
            raise forms.ValidationError(
                gettext("Name a thread or an article to promote.")
            )
        if len(named) > 1:
            raise forms.ValidationError(
                gettext("Promote a thread or an article, not both.")
            )
        return data

    def promotion_arguments(self) -> tuple[str, dict]:
        """Which service pins it ("thread" or "article"), and its arguments."""
        data = self.cleaned_data
        kind = "article" if data.get("article") else "thread"
        return kind, {"query": data["query"], kind: data[kind]}


def _article_number(reference: str) -> int | None:
    """The article id in "12", or in an address of an article's page."""
    if reference.isascii() and reference.isdigit() and len(reference) <= 18:
        return int(reference)
    try:
        match = resolve(urlsplit(reference).path or "/")
    except Resolver404:
        return None
    if match.namespace != "knowledge" or "article_id" not in match.kwargs:
        return None
    return int(match.kwargs["article_id"])
