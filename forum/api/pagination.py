from django.utils.translation import ngettext
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from forum import limits
from forum.api.params import whole_number


class PagePagination(PageNumberPagination):
    """``page`` and ``page_size`` are whole numbers from 1; anything else (``null``,
    ``last``, ``0``, ``abc``) is a 400 that names the parameter, as the schema says.
    A page size above the maximum gives the maximum; a page past the last is 404."""

    page_size = limits.THREADS_PER_PAGE
    page_size_query_param = "page_size"
    max_page_size = 50
    last_page_strings = ()

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = whole_number(raw, name=self.page_size_query_param)
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        raw = request.query_params.get(self.page_query_param)
        return 1 if raw is None else whole_number(raw, name=self.page_query_param)

    def paginate_queryset(self, queryset, request, view=None):
        # A well-formed page number past the last page asks for a page that does
        # not exist: 404, saying how many there are.
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            pages = self.django_paginator_class(
                queryset, self.get_page_size(request)
            ).num_pages
            raise NotFound(
                ngettext(
                    "No such page: there is %(count)d.",
                    "No such page: there are %(count)d.",
                    pages,
                )
                % {"count": pages}
            ) from None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number within the paginated result set.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {self.page_size}; at "
                f"most {self.max_page_size} are given).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
