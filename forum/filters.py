"""The thread list's filters, read in one place for both doorways: the board and tag
pages ask ``thread_list_options``, the API's list uses ``ThreadFilter``."""

import django_filters
from django.core.exceptions import ValidationError
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
                self.form.add_error(name, f"Choose one of: {', '.join(choices)}.")
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


def thread_list_options(params) -> dict[str, str]:
    """The ``show`` and ``sort`` a list page asks for, the defaults for those not
    given; raises ValidationError (by parameter) for a value the list does not offer."""
    options = ThreadListFilter(params)
    if not options.is_valid():
        raise ValidationError(options.errors)
    cleaned = options.form.cleaned_data
    return {"show": cleaned["show"] or "all", "sort": cleaned["sort"] or "activity"}
