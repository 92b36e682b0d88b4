"""The care desk's API (/api/v1/care/cases/): the queue, one case with its
timeline, and every move an agent makes on the desk, through the same services
(``forum.care.services``) and permission module as the pages. Agents only:
anyone else is refused before anything is read."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.models import User
from forum import permissions
from forum.care import selectors
from forum.care.api import queries
from forum.care.api import serializers as shapes
from forum.care.models import Case, CasePriority, CaseStatus, Network
from forum.care.services import cases as case_services
from forum.knowledge.models import Article
from forum.models import Thread


class IsCareAgent(BasePermission):
    """Signed in (401 otherwise) and working the care desk (403 otherwise)."""

    message = gettext_lazy("The care desk is for support agents.")

    def has_permission(self, request, view) -> bool:
        return permissions.is_care_agent(permissions.unwrapped_user(request.user))


LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=CaseStatus.values),
    OpenApiParameter("network", str, enum=Network.values),
    OpenApiParameter("priority", str, enum=CasePriority.values),
    OpenApiParameter(
        "assignee",
        {"type": "string", "minLength": 1, "maxLength": queries.USERNAME_MAX_LENGTH},
        description="“me”, “none” (nobody holds it) or an agent's username.",
    ),
    OpenApiParameter(
        "breaching",
        str,
        enum=["true", "false"],
        description="true: overdue or due within the warning window; false: the rest.",
    ),
]
REFERENCE = r"[A-Za-z0-9-]{1,16}"


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _found(model, pk: int | None, field: str, missing: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [missing]})
    return found


class CaseViewSet(viewsets.GenericViewSet):
    """Cases on the care desk, soonest due first, and the moves on one case."""

    permission_classes = [IsCareAgent]
    filterset_class = None
    # Names the model for the schema; the rows come from ``queries``.
    queryset = Case.objects.none()
    serializer_class = shapes.CaseSerializer
    lookup_field = "reference"
    lookup_value_regex = REFERENCE

    def _context(self) -> dict:
        return {"request": self.request, "now": timezone.now()}

    def _detail(self, reference: str, *, code=status.HTTP_200_OK) -> Response:
        case = selectors.case_detail(self.request.user, reference)
        data = shapes.CaseDetailSerializer(case, context=self._context()).data
        return Response(data, status=code)

    def _case(self, reference: str) -> Case:
        return selectors.find_case(self.request.user, reference)

    @extend_schema(
        summary="List cases, soonest due first",
        parameters=LIST_PARAMETERS,
        responses=shapes.CaseSerializer(many=True),
    )
    def list(self, request):
        filters = queries.case_filters(request.query_params)
        page = self.paginate_queryset(queries.case_list(request.user, filters))
        data = shapes.CaseSerializer(page, many=True, context=self._context()).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Read a case with its targets and timeline",
        responses=shapes.CaseDetailSerializer,
    )
    def retrieve(self, request, reference=None):
        return self._detail(reference)

    @extend_schema(
        summary="Claim a case", request=None, responses=shapes.CaseDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, reference=None):
        """Take the case: it is yours to answer (leads take any case over)."""
        case_services.claim_case(self._case(reference), by=request.user)
        return self._detail(reference)

    @extend_schema(
        summary="Assign or release a case",
        request=shapes.AssignInput,
        responses=shapes.CaseDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        """Give the case to an agent (leads), or release it (``null``)."""
        case = self._case(reference)
        username = _validated(shapes.AssignInput, request)["assignee"]
        to = None
        if username is not None:
            to = User.objects.filter(username=username).first()
            if to is None:
                raise ValidationError({"assignee": [_("Nobody has that username.")]})
        case_services.assign_case(case, to=to, by=request.user)
        return self._detail(reference)

    @extend_schema(
        summary="Reply to the customer through the case's connector",
        request=shapes.ReplyInput,
        responses={201: shapes.CaseDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, reference=None):
        """Send a reply, optionally with a link to a public thread or a published
        article (a social deflection), and optionally resolve the case."""
        case = self._case(reference)
        data = _validated(shapes.ReplyInput, request)
        case_services.reply_to_case(
            case,
            by=request.user,
            text=data["text"],
            thread=_found(
                Thread,
                data.get("thread"),
                "thread",
                _("There is no thread with that number."),
            ),
            article=_found(
                Article,
                data.get("article"),
                "article",
                _("There is no article with that number."),
            ),
            resolve=data["resolve"],
        )
        return self._detail(reference, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add an internal note",
        request=shapes.NoteInput,
        responses={201: shapes.CaseDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def note(self, request, reference=None):
        """A note on the timeline for other agents; never sent to the customer."""
        case = self._case(reference)
        text = _validated(shapes.NoteInput, request)["text"]
        case_services.add_note(case, by=request.user, text=text)
        return self._detail(reference, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a case's status",
        request=shapes.StatusInput,
        responses=shapes.CaseDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request, reference=None):
        case = self._case(reference)
        chosen = _validated(shapes.StatusInput, request)["status"]
        case_services.set_status(case, status=chosen, by=request.user)
        return self._detail(reference)

    @extend_schema(
        summary="Change a case's priority (its targets follow)",
        request=shapes.PriorityInput,
        responses=shapes.CaseDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def priority(self, request, reference=None):
        case = self._case(reference)
        chosen = _validated(shapes.PriorityInput, request)["priority"]
        case_services.set_priority(case, priority=chosen, by=request.user)
        return self._detail(reference)

    @extend_schema(
        summary="Replace a case's tags",
        request=shapes.TagsInput,
        responses=shapes.CaseDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def tags(self, request, reference=None):
        case = self._case(reference)
        names = _validated(shapes.TagsInput, request)["tags"]
        case_services.set_tags(case, tags=names, by=request.user)
        return self._detail(reference)

    @extend_schema(
        summary="Community answers the search suggests for a case",
        responses=shapes.SuggestionSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def suggestions(self, request, reference=None):
        """Solved threads and published articles that may answer the customer,
        from the search engine over the case's inbound messages."""
        case = self._case(reference)
        hits = selectors.answer_suggestions(
            selectors.inbound_texts(selectors.case_timeline(case))
        )
        return Response(
            [
                {
                    "kind": hit.kind,
                    "id": hit.document.pk,
                    "title": hit.title,
                    "url": hit.document.get_absolute_url(),
                    "is_solved": bool(hit.thread and hit.thread.is_solved),
                    "recommended": hit.promoted,
                }
                for hit in hits
            ]
        )
