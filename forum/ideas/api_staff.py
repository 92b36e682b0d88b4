"""The idea staff API: status changes with a public response, duplicate merges and
the idea report, through the same services and selectors as the pages."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import permissions
from forum.api.params import check_not_empty
from forum.api.serializers import StrictSerializer
from forum.ideas import reports, selectors_staff
from forum.ideas.models import Idea, IdeaStatus, IdeaStatusChange
from forum.ideas.services import statuses
from forum.ideas.services.statuses import (
    CHOOSABLE_STATUSES,
    RESPONSE_MAX_LENGTH,
    RESPONSE_MIN_LENGTH,
)


class StatusChangeInput(StrictSerializer):
    status = serializers.ChoiceField(
        choices=CHOOSABLE_STATUSES,
        help_text="The new status; duplicates are made with the merge endpoint.",
    )
    response = serializers.CharField(
        min_length=RESPONSE_MIN_LENGTH,
        max_length=RESPONSE_MAX_LENGTH,
        help_text="The public response (Markdown), shown on the idea and sent to "
        "its voters and followers.",
    )


class MergeInput(StrictSerializer):
    into = serializers.IntegerField(min_value=1, help_text="The idea this one repeats.")
    response = serializers.CharField(
        min_length=RESPONSE_MIN_LENGTH, max_length=RESPONSE_MAX_LENGTH
    )


class StaffMemberSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField(source="get_role_display")


class StatusChangeSerializer(serializers.ModelSerializer):
    by = StaffMemberSerializer(allow_null=True)
    idea_status = serializers.CharField(source="idea.status")
    idea_vote_count = serializers.IntegerField(source="idea.vote_count")
    merged_into = serializers.IntegerField(
        source="idea.merged_into_id", allow_null=True
    )

    class Meta:
        model = IdeaStatusChange
        fields = [
            "id",
            "from_status",
            "to_status",
            "response",
            "response_html",
            "by",
            "created_at",
            "idea_status",
            "idea_vote_count",
            "merged_into",
        ]


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class IdeaStatusView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Move an idea to a status with a public response (staff)",
        request=StatusChangeInput,
        responses={201: StatusChangeSerializer},
    )
    def post(self, request, idea_id: int):
        idea = selectors_staff.idea_for_staff(request.user, idea_id)
        data = _validated(StatusChangeInput, request)
        change = statuses.change_idea_status(
            idea, to=data["status"], response=data["response"], by=request.user
        )
        return Response(
            StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED
        )


class IdeaMergeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Merge an idea into the one it repeats, carrying its votes (staff)",
        request=MergeInput,
        responses={201: StatusChangeSerializer},
    )
    def post(self, request, idea_id: int):
        idea = selectors_staff.idea_for_staff(request.user, idea_id)
        data = _validated(MergeInput, request)
        into = Idea.objects.filter(pk=data["into"]).first()
        if into is None or not permissions.can_view_idea(request.user, into):
            raise ValidationError({"into": [_("There is no idea with that number.")]})
        change = statuses.merge_idea(
            idea, into=into, response=data["response"], by=request.user
        )
        change.idea.refresh_from_db(fields=["vote_count"])
        return Response(
            StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED
        )


# --- the report -------------------------------------------------------------------


class ReportIdeaSerializer(serializers.ModelSerializer):
    board = serializers.CharField(source="board.name")

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "board",
            "status",
            "vote_count",
            "created_at",
            "status_changed_at",
        ]


class TrendingIdeaSerializer(ReportIdeaSerializer):
    period_votes = serializers.IntegerField()

    class Meta(ReportIdeaSerializer.Meta):
        fields = [*ReportIdeaSerializer.Meta.fields, "period_votes"]


class IdeaReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField(help_text="Days without a staff response.")
    statuses = serializers.DictField(child=serializers.IntegerField())
    top = ReportIdeaSerializer(many=True)
    trending = TrendingIdeaSerializer(many=True)
    unanswered = ReportIdeaSerializer(many=True)
    delivered = ReportIdeaSerializer(many=True)


class IdeaReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The idea report: top, trending, unanswered and delivered ideas",
        parameters=[
            OpenApiParameter("period", str, enum=["7", "30", "90", "custom"]),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("idea_board", int, description="an idea board's id"),
            OpenApiParameter("days", int, description="1-365; 14 if left out"),
        ],
        responses={200: IdeaReportSerializer},
    )
    def get(self, request):
        if not permissions.can_view_idea_report(request.user):
            raise PermissionDenied(_("The idea report is for managers."))
        check_not_empty(request.query_params, "period", "start", "end", "days")
        form = reports.report_form(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data(escape_html=True))
        chosen = reports.report_filter(form)
        data = reports.idea_report(chosen)
        labels = dict(IdeaStatus.choices)
        by_label = dict(data["statuses"])
        body = {
            "start": chosen.period.start,
            "end": chosen.period.end,
            "days": chosen.days,
            "statuses": {value: by_label[labels[value]] for value in labels},
            **{
                name: data[name]
                for name in ("top", "trending", "unanswered", "delivered")
            },
        }
        return Response(IdeaReportSerializer(body).data)


# Included from forum.api.urls (under /api/v1/, in the "api" namespace).
urlpatterns = [
    path("ideas/<int:idea_id>/status/", IdeaStatusView.as_view(), name="idea-status"),
    path("ideas/<int:idea_id>/merge/", IdeaMergeView.as_view(), name="idea-merge"),
    path("reports/ideas/", IdeaReportView.as_view(), name="idea-report"),
]
