import django_filters
from taggit.models import Tag

from forum.models import Board, Thread
from forum.selectors import THREAD_FILTERS, THREAD_SORTS


class ThreadFilter(django_filters.FilterSet):
    """The thread list's filters and sorts, named as on the pages."""

    board = django_filters.ModelChoiceFilter(
        queryset=Board.objects.all(), to_field_name="slug", field_name="board"
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="slug", field_name="tags"
    )
    show = django_filters.ChoiceFilter(
        choices=[(key, key) for key in THREAD_FILTERS], method="filter_show"
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in THREAD_SORTS], method="filter_sort"
    )

    class Meta:
        model = Thread
        fields = ["board", "tag", "show", "sort"]

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
