"""The idea exchange's API (/api/v1/idea-boards/, /api/v1/ideas/): the same
selectors and services as the pages, in the API's one error shape."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import limits, permissions
from forum.api.serializers import StrictSerializer
from forum.ideas import selectors, services
from forum.ideas.models import Idea, IdeaBoard, IdeaComment
from forum.messages.api import MemberSerializer

PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1}),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1}),
]
LIST_PARAMETERS = [
    OpenApiParameter("board", str, description="An idea board's slug."),
    OpenApiParameter(
        "status",
        str,
        enum=list(selectors.STATUS_FILTERS),
        description="“open” (the default) is every status but duplicate.",
    ),
    OpenApiParameter("tag", str, description="A tag's slug."),
    OpenApiParameter(
        "sort",
        str,
        enum=list(selectors.SORTS),
        description="votes (the default), newest, or trending (votes in the last "
        f"{selectors.TRENDING_DAYS} days, then all votes).",
    ),
    *PAGE_PARAMETERS,
]


# --- shapes ---------------------------------------------------------------------


class IdeaBoardSerializer(serializers.ModelSerializer):
    idea_count = serializers.IntegerField(help_text="Open public ideas.")
    vote_total = serializers.IntegerField(help_text="Votes on those ideas.")
    is_archived = serializers.SerializerMethodField()

    class Meta:
        model = IdeaBoard
        fields = ["id", "name", "slug", "description", "is_archived"]
        fields += ["idea_count", "vote_total"]

    def get_is_archived(self, board: IdeaBoard) -> bool:
        return board.archived_at is not None


class IdeaSerializer(serializers.ModelSerializer):
    board = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = MemberSerializer(allow_null=True)
    tags = serializers.SerializerMethodField()
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True)
    url = serializers.CharField(source="get_absolute_url")
    has_voted = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "board",
            "title",
            "slug",
            "url",
            "author",
            "tags",
            "status",
            "status_changed_at",
            "merged_into",
            "is_locked",
            "vote_count",
            "comment_count",
            "created_at",
            "last_activity_at",
            "has_voted",
        ]

    def get_tags(self, idea: Idea) -> list[str]:
        return [tag.name for tag in idea.tags.all()]

    def get_has_voted(self, idea: Idea) -> bool:
        return idea.pk in self.context.get("voted", ())


class IdeaDetailSerializer(IdeaSerializer):
    can_vote = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_comment = serializers.SerializerMethodField()

    class Meta(IdeaSerializer.Meta):
        fields = [
            *IdeaSerializer.Meta.fields,
            "body",
            "body_html",
            "can_vote",
            "can_edit",
            "can_comment",
        ]

    def _user(self):
        return self.context["request"].user

    def get_can_vote(self, idea: Idea) -> bool:
        return permissions.can_vote_idea(self._user(), idea)

    def get_can_edit(self, idea: Idea) -> bool:
        return permissions.can_edit_idea(self._user(), idea)

    def get_can_comment(self, idea: Idea) -> bool:
        return permissions.can_comment_on_idea(self._user(), idea)


class IdeaCreateSerializer(StrictSerializer):
    board = serializers.CharField(max_length=100, help_text="The idea board's slug.")
    title = serializers.CharField(max_length=limits.TITLE_MAX_LENGTH)
    body = serializers.CharField(max_length=limits.BODY_MAX_LENGTH)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=limits.TAG_MAX_LENGTH + 20),
        max_length=limits.TAGS_MAX_COUNT * 2,
        required=False,
    )


class IdeaUpdateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=limits.TITLE_MAX_LENGTH, required=False)
    body = serializers.CharField(max_length=limits.BODY_MAX_LENGTH, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=limits.TAG_MAX_LENGTH + 20),
        max_length=limits.TAGS_MAX_COUNT * 2,
        required=False,
    )


class VoteSerializer(serializers.Serializer):
    voted = serializers.BooleanField(help_text="Whether you vote for it now.")
    vote_count = serializers.IntegerField()


class IdeaCommentSerializer(serializers.ModelSerializer):
    author = MemberSerializer(allow_null=True)

    class Meta:
        model = IdeaComment
        fields = ["id", "author", "body", "body_html", "created_at"]


class IdeaCommentWriteSerializer(StrictSerializer):
    body = serializers.CharField(max_length=limits.BODY_MAX_LENGTH)


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _choice(request, name: str, choices, default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in choices:
        raise ValidationError(
            {name: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}]}
        )
    return value


def _detail(request, idea_id: int) -> Response:
    idea = selectors.idea_detail(request.user, idea_id)
    context = {
        "request": request,
        "voted": {idea.pk} if selectors.has_voted(request.user, idea) else set(),
    }
    return Response(IdeaDetailSerializer(idea, context=context).data)


# --- endpoints ------------------------------------------------------------------


class IdeaBoardListView(GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    queryset = IdeaBoard.objects.none()
    serializer_class = IdeaBoardSerializer

    @extend_schema(
        summary="List idea boards",
        parameters=PAGE_PARAMETERS,
        responses=IdeaBoardSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.idea_board_list())
        return self.get_paginated_response(IdeaBoardSerializer(page, many=True).data)


class IdeaListView(GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    # Names the model for the schema; the rows come from the selectors.
    queryset = Idea.objects.none()
    serializer_class = IdeaSerializer

    @extend_schema(
        summary="List ideas",
        parameters=LIST_PARAMETERS,
        responses=IdeaSerializer(many=True),
    )
    def get(self, request):
        board_slug = request.query_params.get("board")
        board = (
            get_object_or_404(IdeaBoard, slug=board_slug[:100]) if board_slug else None
        )
        ideas = selectors.idea_list(
            request.user,
            board=board,
            status=_choice(request, "status", selectors.STATUS_FILTERS, "open"),
            tag=request.query_params.get("tag", "")[:100],
            sort=_choice(request, "sort", selectors.SORTS, selectors.DEFAULT_SORT),
        )
        page = self.paginate_queryset(ideas)
        context = {"voted": selectors.voted_idea_ids(request.user, page)}
        data = IdeaSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Post an idea",
        request=IdeaCreateSerializer,
        responses={201: IdeaDetailSerializer},
    )
    def post(self, request):
        data = _validated(IdeaCreateSerializer, request)
        board = IdeaBoard.objects.filter(slug=data["board"]).first()
        if board is None:
            raise ValidationError({"board": [_("No idea board has this slug.")]})
        idea = services.post_idea(
            board=board,
            by=request.user,
            title=data["title"],
            body=data["body"],
            tags=data.get("tags", ()),
        )
        response = _detail(request, idea.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class IdeaDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(summary="Read an idea", responses=IdeaDetailSerializer)
    def get(self, request, idea_id: int):
        return _detail(request, idea_id)

    @extend_schema(
        summary="Edit your idea",
        request=IdeaUpdateSerializer,
        responses=IdeaDetailSerializer,
    )
    def patch(self, request, idea_id: int):
        idea = selectors.idea_detail(request.user, idea_id)
        data = _validated(IdeaUpdateSerializer, request)
        services.edit_idea(
            idea,
            by=request.user,
            title=data.get("title", idea.title),
            body=data.get("body", idea.body),
            tags=data.get("tags"),
        )
        return _detail(request, idea.pk)


class IdeaVoteView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    def _answer(self, idea: Idea, *, voted: bool) -> Response:
        idea.refresh_from_db(fields=["vote_count"])
        return Response({"voted": voted, "vote_count": idea.vote_count})

    @extend_schema(summary="Vote for an idea", request=None, responses=VoteSerializer)
    def post(self, request, idea_id: int):
        idea = selectors.idea_for_action(request.user, idea_id)
        services.vote_for_idea(idea, by=request.user)
        return self._answer(idea, voted=True)

    @extend_schema(summary="Withdraw your vote", request=None, responses=VoteSerializer)
    def delete(self, request, idea_id: int):
        idea = selectors.idea_for_action(request.user, idea_id)
        services.withdraw_vote(idea, by=request.user)
        return self._answer(idea, voted=False)


class IdeaCommentsView(GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    queryset = IdeaComment.objects.none()
    serializer_class = IdeaCommentSerializer

    @extend_schema(
        summary="An idea's comments, oldest first",
        parameters=PAGE_PARAMETERS,
        responses=IdeaCommentSerializer(many=True),
    )
    def get(self, request, idea_id: int):
        idea = selectors.idea_for_action(request.user, idea_id)
        page = self.paginate_queryset(selectors.idea_comments(request.user, idea))
        return self.get_paginated_response(IdeaCommentSerializer(page, many=True).data)

    @extend_schema(
        summary="Comment on an idea",
        request=IdeaCommentWriteSerializer,
        responses={201: IdeaCommentSerializer},
    )
    def post(self, request, idea_id: int):
        idea = selectors.idea_for_action(request.user, idea_id)
        body = _validated(IdeaCommentWriteSerializer, request)["body"]
        comment = services.post_idea_comment(idea, by=request.user, body=body)
        return Response(
            IdeaCommentSerializer(comment).data, status=status.HTTP_201_CREATED
        )
