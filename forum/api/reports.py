"""The community and search reports in the API: the same numbers as their pages
(/reports/community/, /reports/search/), for the same filters and permission."""

from dataclasses import asdict
from datetime import timedelta

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from forum.api.deflection import CanViewReports
from forum.api.params import check_not_empty
from forum.deflection.forms import ReportFilterForm
from forum.deflection.selectors.report import ReportFilter
from forum.reports.selectors.community import community_report
from forum.reports.selectors.search import search_report

FILTER_PARAMETERS = [
    OpenApiParameter("period", str, enum=["7", "30", "90", "custom"]),
    OpenApiParameter("start", OpenApiTypes.DATE, description="with period=custom"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="with period=custom"),
    OpenApiParameter("board", int, description="a board's id; all boards if left out"),
]


def report_filter(params) -> ReportFilter:
    """The period and board the query string asks for; a 400 naming the bad field
    otherwise (an empty field is refused, where the page reads it as "not given")."""
    check_not_empty(params, "period", "start", "end", "board")
    form = ReportFilterForm(params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data(escape_html=True))
    return form.report_filter()


def figures(values: dict) -> dict:
    """A summary as JSON: waits in seconds (``..._seconds``), the rest as they are."""
    return {
        (f"{name}_seconds" if isinstance(value, timedelta) else name): (
            value.total_seconds() if isinstance(value, timedelta) else value
        )
        for name, value in values.items()
    }


def changes(report: dict) -> dict:
    return {
        name: None if change is None else asdict(change)
        for name, change in report["changes"].items()
    }


def period(report_filter: ReportFilter) -> dict:
    board = report_filter.board
    return {
        "start": report_filter.start,
        "end": report_filter.end,
        "board": None if board is None else board.pk,
    }


class CommunityReportView(APIView):
    permission_classes = [CanViewReports]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Community health and engagement: the same numbers as /reports/community/,
        with the period before and the change for each headline figure."""
        chosen = report_filter(request.query_params)
        report = community_report(chosen)
        return Response(
            {
                "period": period(chosen),
                "summary": figures(report["summary"]),
                "previous": figures(report["previous"]),
                "changes": changes(report),
                "trend": report["trend"],
                "top_contributors": report["top_contributors"],
            }
        )


class SearchReportView(APIView):
    permission_classes = [CanViewReports]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Searches, zero-result queries, click-through, and the synonyms and
        promoted answers managers keep: the same numbers as /reports/search/."""
        chosen = report_filter(request.query_params)
        report = search_report(chosen)
        return Response(
            {
                "period": period(chosen),
                "summary": report["summary"],
                "previous": report["previous"],
                "changes": changes(report),
                "trend": report["trend"],
                "min_journeys_per_query": report["min_journeys"],
                **{
                    name: asdict(report[name])
                    for name in (
                        "top_queries",
                        "zero_result_queries",
                        "low_click_through_queries",
                    )
                },
                "synonyms": {
                    "count": report["synonym_count"],
                    "newest": [
                        {"phrases": s.phrases, "two_way": s.two_way}
                        for s in report["synonyms"]
                    ],
                },
                "promotions": {
                    "count": report["promotion_count"],
                    "newest": [
                        {"query": p.query, "thread": p.thread_id}
                        for p in report["promotions"]
                    ],
                },
            }
        )
