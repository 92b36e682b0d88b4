"""The care report in the API (``/api/v1/reports/care/``): the same figures as its
page, for the same filters and permission; waits in minutes, rates as fractions."""

from __future__ import annotations

from datetime import timedelta

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import permissions
from forum.api.params import check_not_empty
from forum.care.models import Network
from forum.search.documents import DOCUMENT_KINDS

from .figures import COUNTS, care_report
from .forms import care_report_form

RATES = (
    "response_rate",
    "first_within_target",
    "resolution_within_target",
    "same_day_rate",
)
WAITS = (
    "median_first_response",
    "p90_first_response",
    "median_resolution",
    "p90_resolution",
)


class CareCountsSerializer(serializers.Serializer):
    cases = serializers.IntegerField(help_text="Cases opened in the period.")
    responded = serializers.IntegerField(help_text="Cases with an agent's reply.")
    first_met = serializers.IntegerField()
    first_missed = serializers.IntegerField(
        help_text="Answered late, or not yet answered and past the target."
    )
    resolution_met = serializers.IntegerField()
    resolution_missed = serializers.IntegerField()
    same_day = serializers.IntegerField(
        help_text="First response on the local day the case opened."
    )
    community = serializers.IntegerField(
        help_text="Answered with a solved thread or an article."
    )
    response_rate = serializers.FloatField(allow_null=True)
    first_within_target = serializers.FloatField(allow_null=True)
    resolution_within_target = serializers.FloatField(allow_null=True)
    same_day_rate = serializers.FloatField(allow_null=True)


class CareSummarySerializer(CareCountsSerializer):
    median_first_response_minutes = serializers.FloatField(allow_null=True)
    p90_first_response_minutes = serializers.FloatField(allow_null=True)
    median_resolution_minutes = serializers.FloatField(allow_null=True)
    p90_resolution_minutes = serializers.FloatField(allow_null=True)


class CareChannelSerializer(CareCountsSerializer):
    network = serializers.CharField()
    label = serializers.CharField()


class CareDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    opened = serializers.IntegerField()
    within = serializers.IntegerField(help_text="Answered within the target.")


class CareAgentSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    open_now = serializers.IntegerField()
    resolved = serializers.IntegerField()
    replies = serializers.IntegerField()


class CareContentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DOCUMENT_KINDS)
    id = serializers.IntegerField()
    title = serializers.CharField()
    cases = serializers.IntegerField()


class CareReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    network = serializers.CharField(help_text="Empty for all channels.")
    summary = CareSummarySerializer()
    channels = CareChannelSerializer(many=True)
    daily = CareDaySerializer(many=True)
    workload = CareAgentSerializer(many=True)
    content = CareContentSerializer(many=True)


def _summary(summary: dict) -> dict:
    body = {name: summary[name] for name in (*COUNTS, *RATES)}
    for name in WAITS:
        wait = summary[name]
        body[f"{name}_minutes"] = None if wait is None else wait / timedelta(minutes=1)
    return body


def _agent(user) -> dict:
    return {
        "username": user.username,
        "name": user.name,
        "open_now": user.open_now,
        "resolved": user.resolved,
        "replies": user.replies,
    }


def _content(row: dict) -> dict:
    kind = "thread" if row["linked_thread_id"] else "article"
    return {
        "kind": kind,
        "id": row[f"linked_{kind}_id"],
        "title": row[f"linked_{kind}__title"],
        "cases": row["cases"],
    }


class CareReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The social care report: volume, response times, targets, workload",
        parameters=[
            OpenApiParameter("period", str, enum=["7", "30", "90", "custom"]),
            OpenApiParameter("start", OpenApiTypes.DATE, description="period=custom"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="period=custom"),
            OpenApiParameter("network", str, enum=Network.values),
        ],
        responses={200: CareReportSerializer},
    )
    def get(self, request):
        if not permissions.can_view_care_report(request.user):
            raise PermissionDenied(_("The care report is for managers."))
        check_not_empty(request.query_params, "period", "start", "end", "network")
        form = care_report_form(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data(escape_html=True))
        chosen = form.care_filter()
        report = care_report(chosen)
        body = {
            "start": chosen.start,
            "end": chosen.end,
            "network": chosen.network,
            "summary": _summary(report["summary"]),
            "channels": report["channels"],
            "daily": report["daily"],
            "workload": [_agent(user) for user in report["workload"]],
            "content": [_content(row) for row in report["content"]],
        }
        return Response(CareReportSerializer(body).data)


# Included from forum.api.urls (under /api/v1/, in the "api" namespace).
urlpatterns = [path("reports/care/", CareReportView.as_view(), name="care-report")]
