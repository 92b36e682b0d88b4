"""The thread list's filters, read in one place for both doorways: the board and tag
pages ask ``thread_list_options``, the API's list uses ``ThreadFilter``."""

import django_filters
from django.utils.translation import gettext as _
from taggit.models import Tag

from forum.models import Board, Thread
from forum.selectors import THREAD_FILTERS, THREAD_SORTS


class ThreadListFilter(django_filters.FilterSet):
    """What every thread list offers: which threads to show and their order."""

    show = django_filters.ChoiceFilter(
        choices=[(key, key) for key in THREAD_FILTERS], method="filter_show"
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in THREAD_SORTS], method="filter_sort"
    )

    class Meta:
        model = Thread
        fields = ["show", "sort"]

    def is_valid(self) -> bool:
        # An empty choice is none of the choices the schema lists: refused, not
        # read as "no filter".
        valid = super().is_valid()
        for name, choices in (("show", THREAD_FILTERS), ("sort", THREAD_SORTS)):
            if self.data.get(name) == "":
                self.form.add_error(
                    name,
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)},
                )
                valid = False
        return valid

    def filter_show(self, queryset, name, value):
        return queryset.filter(THREAD_FILTERS[value])

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(THREAD_SORTS[value], "-id")


class ThreadFilter(ThreadListFilter):
    """The API's thread list: the same options, and a board or tag by slug (the
    pages take those from their address)."""

    board = django_filters.ModelChoiceFilter(
        queryset=Board.objects.all(), to_field_name="slug", field_name="board"
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="slug", field_name="tags"
    )

    class Meta:
        model = Thread
        fields = ["board", "tag", "show", "sort"]


LIST_DEFAULTS = {"show": "all", "sort": "activity"}


def thread_list_options(params) -> tuple[dict[str, str], list[str]]:
    """The ``show`` and ``sort`` a list page asks for, and a notice for each value
    the list does not offer, which is read as the default.

    Unlike the API, a page must open from any link (an old bookmark, a mangled
    share), so a bad value gives the default list and says so; an empty one is
    read as absent, as a form with nothing chosen sends it."""
    given = {name: params.get(name) for name in LIST_DEFAULTS if params.get(name)}
    options = ThreadListFilter(given)
    options.is_valid()
    cleaned = options.form.cleaned_data
    chosen = {name: cleaned.get(name) or LIST_DEFAULTS[name] for name in LIST_DEFAULTS}
    notices = [
        _("“%(value)s” is not a %(name)s option here, so the list shows “%(default)s”.")
        % {"value": given[name], "name": name, "default": LIST_DEFAULTS[name]}
        for name in LIST_DEFAULTS
        if name in options.form.errors
    ]
    return chosen, notices
